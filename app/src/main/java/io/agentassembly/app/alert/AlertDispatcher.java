package io.agentassembly.app.alert;

import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.projection.AlertOutboxProjection;
import io.agentassembly.schema.jooq.tables.records.AlertOutboxRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static io.agentassembly.projection.AlertOutboxProjection.STATUS_CANCELLED;
import static io.agentassembly.projection.AlertOutboxProjection.STATUS_DELIVERED;
import static io.agentassembly.projection.AlertOutboxProjection.STATUS_FAILED;
import static io.agentassembly.projection.AlertOutboxProjection.STATUS_PENDING;
import static io.agentassembly.schema.jooq.Tables.ALERT_DELIVERY_ATTEMPT;
import static io.agentassembly.schema.jooq.Tables.ALERT_DESTINATION_SECRET;
import static io.agentassembly.schema.jooq.Tables.ALERT_DESTINATION_VIEW;
import static io.agentassembly.schema.jooq.Tables.ALERT_OUTBOX;

/**
 * Sends due {@code alert_outbox} rows (docs/alerts.md). Every node polls; a poll claims, in one short transaction
 * with {@code FOR UPDATE SKIP LOCKED}, at most as many rows as it has free sender threads, taking each workspace's
 * oldest rows in turn (at most {@code per-workspace-concurrency} per workspace, none for a workspace that already
 * has that many in flight on this node), and leases them ({@code next_attempt_at} = now + lease, attempts + 1).
 * The HTTP requests run on the dispatcher's own threads, outside any transaction, with short connect and answer
 * timeouts and no redirects; each attempt is logged in {@code alert_delivery_attempt}. A failure is retried with
 * exponential back-off until {@code max-attempts}; a node that dies mid-request leaves the row to be retried when the
 * lease ends (the receiver deduplicates with {@code X-AASM-Delivery-Id}). So one workspace's dead receiver holds at
 * most its share of one node's threads, and never delays another workspace's alerts.
 */
@Component
@EnableConfigurationProperties(AlertProperties.class)
public class AlertDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    /** A claimed delivery, with its attempt number. */
    record Claimed(String deliveryId, String workspaceId, String destinationId, String alertType, String alert,
                   int attempt) {
    }

    private record Outcome(Integer statusCode, String error) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    public static final String PENDING = "aasm.alerts.outbox.pending";
    public static final String FAILED = "aasm.alerts.outbox.failed";
    public static final String ATTEMPTS = "aasm.alerts.attempts";

    private final DSLContext db;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;
    private final AlertProperties properties;
    private final AlertSealing sealing;
    private final AlertUrls urls;
    private final HttpClient http;
    private final ExecutorService senders;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByWorkspace = new ConcurrentHashMap<>();

    public AlertDispatcher(DSLContext db, TransactionTemplate transactions, AlertProperties properties,
                           AlertSealing sealing, MeterRegistry meters) {
        this.db = db;
        this.meters = meters;
        Gauge.builder(PENDING, db, d -> d.fetchCount(ALERT_OUTBOX, ALERT_OUTBOX.STATUS.eq(STATUS_PENDING)))
                .description("alert deliveries waiting to be sent, retries included").register(meters);
        Gauge.builder(FAILED, db, d -> d.fetchCount(ALERT_OUTBOX, ALERT_OUTBOX.STATUS.eq(STATUS_FAILED)))
                .description("alert deliveries given up after their last attempt").register(meters);
        this.transactions = transactions;
        this.properties = properties;
        this.sealing = sealing;
        this.urls = new AlertUrls(properties);
        AtomicInteger threadNumber = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(properties.threads(), runnable -> {
            Thread thread = new Thread(runnable, "alert-sender-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(fixedDelayString = "${aasm.alerts.poll-interval-ms:500}")
    public void dispatchDue() {
        int free = properties.threads() - inFlight.get();
        if (free <= 0) {
            return;
        }
        List<Claimed> claimed = transactions.execute(status -> claim(free));
        if (claimed == null) {
            return;
        }
        for (Claimed delivery : claimed) {
            inFlight.incrementAndGet();
            inFlightByWorkspace.computeIfAbsent(delivery.workspaceId(), w -> new AtomicInteger()).incrementAndGet();
            senders.execute(() -> {
                try {
                    deliver(delivery);
                } catch (RuntimeException e) {
                    log.warn("alert delivery {} attempt {} could not be recorded: {}", delivery.deliveryId(),
                            delivery.attempt(), e.getClass().getSimpleName());
                } finally {
                    inFlight.decrementAndGet();
                    inFlightByWorkspace.computeIfPresent(delivery.workspaceId(),
                            (w, count) -> count.decrementAndGet() <= 0 ? null : count);
                }
            });
        }
    }

    private List<Claimed> claim(int free) {
        int perWorkspace = properties.perWorkspaceConcurrency();
        List<String> busy = inFlightByWorkspace.entrySet().stream()
                .filter(entry -> entry.getValue().get() >= perWorkspace).map(Map.Entry::getKey).toList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Condition due = ALERT_OUTBOX.STATUS.eq(STATUS_PENDING).and(ALERT_OUTBOX.NEXT_ATTEMPT_AT.le(now));
        Field<Integer> rank = DSL.rowNumber().over(DSL.partitionBy(ALERT_OUTBOX.WORKSPACE_ID)
                .orderBy(ALERT_OUTBOX.NEXT_ATTEMPT_AT, ALERT_OUTBOX.DELIVERY_ID)).as("rank");
        Table<?> ranked = DSL.select(ALERT_OUTBOX.DELIVERY_ID, ALERT_OUTBOX.NEXT_ATTEMPT_AT, rank)
                .from(ALERT_OUTBOX)
                .where(due.and(busy.isEmpty() ? DSL.noCondition() : ALERT_OUTBOX.WORKSPACE_ID.notIn(busy)))
                .asTable("ranked");
        Field<String> rankedId = ranked.field(ALERT_OUTBOX.DELIVERY_ID);
        Field<Integer> rankedRank = ranked.field("rank", Integer.class);
        var picked = DSL.select(rankedId).from(ranked)
                .where(rankedRank.le(perWorkspace))
                .orderBy(rankedRank, ranked.field(ALERT_OUTBOX.NEXT_ATTEMPT_AT))
                .limit(free);
        List<AlertOutboxRecord> rows = db.selectFrom(ALERT_OUTBOX)
                .where(ALERT_OUTBOX.DELIVERY_ID.in(picked).and(due))
                .forUpdate().skipLocked()
                .fetch();
        List<Claimed> claimed = new ArrayList<>();
        Map<String, Integer> taken = new java.util.HashMap<>();
        OffsetDateTime leasedUntil = now.plus(properties.lease());
        for (AlertOutboxRecord row : rows) {
            int running = inFlightByWorkspace.getOrDefault(row.getWorkspaceId(), new AtomicInteger()).get();
            int count = taken.merge(row.getWorkspaceId(), 1, Integer::sum);
            if (running + count > perWorkspace || claimed.size() >= free) {
                continue;
            }
            int attempt = row.getAttempts() + 1;
            db.update(ALERT_OUTBOX)
                    .set(ALERT_OUTBOX.ATTEMPTS, attempt)
                    .set(ALERT_OUTBOX.NEXT_ATTEMPT_AT, leasedUntil)
                    .where(ALERT_OUTBOX.DELIVERY_ID.eq(row.getDeliveryId()))
                    .execute();
            claimed.add(new Claimed(row.getDeliveryId(), row.getWorkspaceId(), row.getDestinationId(),
                    row.getAlertType(), row.getAlert(), attempt));
        }
        return claimed;
    }

    void deliver(Claimed delivery) {
        Record destination = db.select(ALERT_DESTINATION_VIEW.KIND, ALERT_DESTINATION_VIEW.ENABLED,
                        ALERT_DESTINATION_SECRET.URL_SEALED, ALERT_DESTINATION_SECRET.SIGNING_SECRET_SEALED)
                .from(ALERT_DESTINATION_VIEW)
                .join(ALERT_DESTINATION_SECRET).on(ALERT_DESTINATION_SECRET.DESTINATION_ID.eq(ALERT_DESTINATION_VIEW.DESTINATION_ID))
                .where(ALERT_DESTINATION_VIEW.DESTINATION_ID.eq(delivery.destinationId())
                        .and(ALERT_DESTINATION_VIEW.WORKSPACE_ID.eq(delivery.workspaceId())))
                .fetchOne();
        if (destination == null) {
            cancel(delivery, "the destination was deleted");
            return;
        }
        if (!destination.get(ALERT_DESTINATION_VIEW.ENABLED)
                && !AlertOutboxProjection.TYPE_TEST.equals(delivery.alertType())) {
            cancel(delivery, "the destination is disabled");
            return;
        }
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Outcome outcome = send(delivery, AlertDestinationKind.valueOf(destination.get(ALERT_DESTINATION_VIEW.KIND)),
                destination.get(ALERT_DESTINATION_SECRET.URL_SEALED),
                destination.get(ALERT_DESTINATION_SECRET.SIGNING_SECRET_SEALED));
        int durationMs = (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        record(delivery, started, durationMs, outcome);
    }

    private Outcome send(Claimed delivery, AlertDestinationKind kind, String sealedUrl, String sealedSigningSecret) {
        URI uri;
        try {
            uri = URI.create(sealing.openUrl(delivery.destinationId(), sealedUrl));
        } catch (RuntimeException e) {
            return new Outcome(null, "the destination's URL does not open with this platform key; set it again");
        }
        String refusal = urls.refusalAtDelivery(uri);
        if (refusal != null) {
            return new Outcome(null, refusal);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "AgentAssembly-Alerts/1")
                .header("X-AASM-Delivery-Id", delivery.deliveryId());
        String body;
        if (kind == AlertDestinationKind.SLACK) {
            body = AlertBodies.slack(delivery.alert());
        } else {
            String secret;
            try {
                secret = sealing.openSigningSecret(delivery.destinationId(), sealedSigningSecret);
            } catch (RuntimeException e) {
                return new Outcome(null, "the signing secret does not open with this platform key; rotate it");
            }
            body = AlertBodies.webhook(delivery.alert(), delivery.deliveryId());
            long timestamp = Instant.now().getEpochSecond();
            request.header("X-AASM-Timestamp", Long.toString(timestamp))
                    .header("X-AASM-Signature", AlertBodies.signature(secret, timestamp, body));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            Duration limit = properties.connectTimeout().plus(properties.requestTimeout());
            int status = response.get(limit.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return new Outcome(status, status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status);
        } catch (TimeoutException e) {
            response.cancel(true);
            return new Outcome(null, "no answer within " + properties.requestTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted (the node is stopping)");
        } catch (ExecutionException e) {
            return new Outcome(null, describe(e.getCause()));
        }
    }

    /** A fixed description per failure kind: exception messages may repeat the URL, which may be a secret. */
    private String describe(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "could not connect within " + properties.connectTimeout().toMillis() + " ms";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within " + properties.requestTimeout().toMillis() + " ms";
        }
        if (failure instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (failure instanceof SSLException) {
            return "TLS handshake failed";
        }
        if (failure instanceof java.net.UnknownHostException) {
            return "the destination's host was not found";
        }
        return "request failed (" + (failure == null ? "unknown" : failure.getClass().getSimpleName()) + ")";
    }

    private void cancel(Claimed delivery, String reason) {
        db.update(ALERT_OUTBOX)
                .set(ALERT_OUTBOX.STATUS, STATUS_CANCELLED)
                .set(ALERT_OUTBOX.ATTEMPTS, delivery.attempt() - 1)
                .set(ALERT_OUTBOX.LAST_ERROR, reason)
                .where(ALERT_OUTBOX.DELIVERY_ID.eq(delivery.deliveryId())
                        .and(ALERT_OUTBOX.ATTEMPTS.eq(delivery.attempt())))
                .execute();
    }

    private void record(Claimed delivery, Instant started, int durationMs, Outcome outcome) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        boolean delivered = outcome.delivered();
        boolean givenUp = !delivered && delivery.attempt() >= properties.maxAttempts();
        OffsetDateTime next = delivered || givenUp ? null : now.plus(jittered(properties.backoff(delivery.attempt())));
        String status = delivered ? STATUS_DELIVERED : givenUp ? STATUS_FAILED : STATUS_PENDING;
        String outcomeName = delivered ? STATUS_DELIVERED : givenUp ? STATUS_FAILED : "RETRY";
        transactions.executeWithoutResult(tx -> {
            int updated = db.update(ALERT_OUTBOX)
                    .set(ALERT_OUTBOX.STATUS, status)
                    .set(ALERT_OUTBOX.NEXT_ATTEMPT_AT, next == null ? now : next)
                    .set(ALERT_OUTBOX.LAST_STATUS_CODE, outcome.statusCode())
                    .set(ALERT_OUTBOX.LAST_ERROR, truncate(outcome.error()))
                    .set(ALERT_OUTBOX.DELIVERED_AT, delivered ? now : null)
                    .where(ALERT_OUTBOX.DELIVERY_ID.eq(delivery.deliveryId())
                            .and(ALERT_OUTBOX.ATTEMPTS.eq(delivery.attempt()))
                            .and(ALERT_OUTBOX.STATUS.eq(STATUS_PENDING)))
                    .execute();
            db.insertInto(ALERT_DELIVERY_ATTEMPT)
                    .set(ALERT_DELIVERY_ATTEMPT.DELIVERY_ID, delivery.deliveryId())
                    .set(ALERT_DELIVERY_ATTEMPT.ATTEMPT, delivery.attempt())
                    .set(ALERT_DELIVERY_ATTEMPT.WORKSPACE_ID, delivery.workspaceId())
                    .set(ALERT_DELIVERY_ATTEMPT.ATTEMPTED_AT, OffsetDateTime.ofInstant(started, ZoneOffset.UTC))
                    .set(ALERT_DELIVERY_ATTEMPT.DURATION_MS, durationMs)
                    .set(ALERT_DELIVERY_ATTEMPT.STATUS_CODE, outcome.statusCode())
                    .set(ALERT_DELIVERY_ATTEMPT.ERROR, truncate(outcome.error()))
                    .set(ALERT_DELIVERY_ATTEMPT.OUTCOME, updated == 0 ? "SUPERSEDED" : outcomeName)
                    .set(ALERT_DELIVERY_ATTEMPT.NEXT_ATTEMPT_AT, updated == 0 ? null : next)
                    .onConflictDoNothing()
                    .execute();
        });
        meters.counter(ATTEMPTS, "outcome", outcomeName.toLowerCase(java.util.Locale.ROOT)).increment();
        if (delivered) {
            log.info("alert delivery {} ({}) to destination {} delivered on attempt {}", delivery.deliveryId(),
                    delivery.alertType(), delivery.destinationId(), delivery.attempt());
        } else {
            log.warn("alert delivery {} ({}) to destination {} attempt {} failed: {}{}", delivery.deliveryId(),
                    delivery.alertType(), delivery.destinationId(), delivery.attempt(), outcome.error(),
                    givenUp ? "; given up" : "; retry at " + next);
        }
    }

    private static Duration jittered(Duration delay) {
        long millis = delay.toMillis();
        return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(Math.max(1, millis / 5)));
    }

    private static String truncate(String message) {
        return message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
