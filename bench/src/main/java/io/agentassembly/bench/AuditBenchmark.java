package io.agentassembly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit chain and compliance export at volume (docs/benchmarks.md): provisions a workspace through the public
 * APIs, writes N gateway decisions of it straight into the event store and the audit log (as the decision journal
 * writes them, {@code indexedOnAppend}), waits for the app's chainer to link them all, then measures
 * {@code GET /audit/export} (JSON Lines and CSV, read to the end), {@code GET /audit/verify}, and the baseline of the
 * same run: a plain JDBC client streaming the same rows (event store joined with the audit log) through a cursor.
 * The export file is kept for the offline verification that the script times with the CLI.
 * {@code replay} resets each streaming processor through the operator API, one at a time and then all at once, and
 * times them until they are back at the head of the event store, against the baseline of one plain JDBC read of the
 * whole event store.
 * <pre>provision --api URL --gateway HOST:PORT --app-log FILE --state FILE
 * generate --db-url JDBC --events N --state FILE   (app stopped)
 * measure --api URL --db-url JDBC --state FILE --export-file FILE
 * replay --api URL --db-url JDBC --operator-token TOKEN</pre>
 */
public final class AuditBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECIDED = "io.agentassembly.command.api.gateway.GatewayEvents$AgentActionDecidedEvent";

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String api = options.getOrDefault("api", "http://127.0.0.1:18180");
        long events = Long.parseLong(options.getOrDefault("events", "1000000"));
        String dbUrl = options.get("db-url");
        Path exportFile = Path.of(options.getOrDefault("export-file", "/tmp/aasm-audit-export.jsonl"));
        Path state = Path.of(options.getOrDefault("state", "/tmp/aasm-audit-bench.state"));
        if (args[0].equals("provision")) {
            provision(api, Path.of(options.get("app-log")), options.getOrDefault("gateway", "127.0.0.1:50151"), state);
            return;
        }
        if (args[0].equals("replay")) {
            replay(api, dbUrl, options.get("operator-token"));
            return;
        }
        if (args[0].equals("generate")) {
            String[] saved = Files.readString(state).split("\n");
            generate(dbUrl, saved[1], saved[2], events, !"false".equals(options.get("move-tokens")));
            return;
        }
        String[] saved = Files.readString(state).split("\n");
        String token = saved[0];
        String workspace = saved[1];
        try (Connection db = DriverManager.getConnection(dbUrl, "postgres", "")) {
            long chainStarted = System.nanoTime();
            long newest = count(db, "select max(global_sequence) from audit_entry where workspace_id = ?", workspace);
            long linked;
            long lastReport = System.nanoTime();
            do {
                Thread.sleep(200);
                linked = count(db, "select coalesce(max(last_sequence), -1) from audit_chain_head where workspace_id = ?",
                        workspace);
                if (System.nanoTime() - lastReport > 10e9) {
                    System.err.println("linked through " + linked + " of " + newest);
                    lastReport = System.nanoTime();
                }
            } while (linked < newest);
            report("chainer: link every entry (from the app's start)", count(db,
                    "select count(*) from audit_entry where workspace_id = ?", workspace), chainStarted);
            long started = System.nanoTime();
            long rows = 0;
            db.setAutoCommit(false);
            try (PreparedStatement select = db.prepareStatement("""
                    select e.globalindex, e.payloadtype, e.payloadrevision, e.payload, e.metadata, e."timestamp",
                           a.prev_hash, a.hash
                    from audit_entry a join domainevententry e on e.globalindex = a.global_sequence
                    where a.workspace_id = ? order by a.global_sequence""")) {
                select.setFetchSize(2_000);
                select.setString(1, workspace);
                try (ResultSet result = select.executeQuery()) {
                    long bytes = 0;
                    while (result.next()) {
                        bytes += result.getBytes(4).length + result.getBytes(5).length;
                        rows++;
                    }
                    if (bytes < 0) {
                        throw new AssertionError();
                    }
                }
            }
            db.commit();
            report("baseline: the same rows streamed by a plain JDBC client", rows, started);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String format : new String[]{"jsonl", "csv"}) {
            long started = System.nanoTime();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                            URI.create(api + "/api/v1/audit/export?format=" + format))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0;
            long bytes = 0;
            try (InputStream in = response.body();
                 OutputStream out = format.equals("jsonl") ? Files.newOutputStream(exportFile) : OutputStream.nullOutputStream()) {
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    out.write(buffer, 0, read);
                    bytes += read;
                    for (int i = 0; i < read; i++) {
                        lines += buffer[i] == '\n' ? 1 : 0;
                    }
                }
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("export answered " + response.statusCode());
            }
            report("GET /audit/export?format=" + format + " (" + bytes / (1 << 20) + " MiB)", lines, started);
        }
        long started = System.nanoTime();
        HttpResponse<String> verified = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/audit/verify"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode verification = JSON.readTree(verified.body());
        report("GET /audit/verify (ok=" + verification.path("ok").asBoolean() + ")",
                verification.path("entries_checked").asLong(), started);
        HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/audit/public-key"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        Files.writeString(Path.of(exportFile + ".pub"), JSON.readTree(key.body()).path("public_key").asText());
    }


    private static void replay(String api, String dbUrl, String operatorToken) throws Exception {
        try (Connection db = DriverManager.getConnection(dbUrl, "postgres", "")) {
            // the chainer links the generated entries first, so the replay is measured alone
            while (count(db, "select count(*) from audit_entry where hash is null and workspace_id <> ?", "") > 0) {
                Thread.sleep(500);
            }
            db.setAutoCommit(false);
            long started = System.nanoTime();
            long rows = 0;
            try (Statement select = db.createStatement()) {
                select.setFetchSize(1_000);
                try (ResultSet result = select.executeQuery("""
                        select globalindex, payloadtype, payload, metadata, "timestamp" from domainevententry
                        order by globalindex""")) {
                    long bytes = 0;
                    while (result.next()) {
                        bytes += result.getBytes(3).length + result.getBytes(4).length;
                        rows++;
                    }
                    if (bytes < 0) {
                        throw new AssertionError();
                    }
                }
            }
            db.commit();
            report("baseline: one plain JDBC read of the whole event store", rows, started);
        }
        HttpClient http = HttpClient.newHttpClient();
        List<String> names = new ArrayList<>();
        operator(http, api + "/api/v1/operator/processors", operatorToken, null).path("processors")
                .forEach(processor -> names.add(processor.path("name").asText()));
        for (String name : names) {
            long started = System.nanoTime();
            long head = replayUntilAtHead(http, api, operatorToken, List.of(name));
            report("replay: " + name + " alone", head, started);
        }
        long started = System.nanoTime();
        long head = replayUntilAtHead(http, api, operatorToken, names);
        report("replay: all " + names.size() + " streaming processors at once", head, started);
    }

    /** Resets the processors and waits until every one is back at the head; answers the head. */
    private static long replayUntilAtHead(HttpClient http, String api, String operatorToken, List<String> names)
            throws Exception {
        long head = 0;
        for (String name : names) {
            head = Math.max(head, operator(http, api + "/api/v1/operator/processors/" + name + "/replay", operatorToken,
                    "").path("head").asLong());
        }
        long lastReport = System.nanoTime();
        boolean done;
        do {
            Thread.sleep(100);
            done = true;
            StringBuilder progress = new StringBuilder();
            for (JsonNode processor : operator(http, api + "/api/v1/operator/processors", operatorToken, null)
                    .path("processors")) {
                if (processor.path("error").asBoolean()) {
                    throw new IllegalStateException("a processor is in error during the replay: " + processor);
                }
                if (names.contains(processor.path("name").asText())) {
                    done &= processor.path("position").asLong() >= head;
                    progress.append(processor.path("name").asText()).append('@')
                            .append(processor.path("position").asLong()).append(' ');
                }
            }
            if (System.nanoTime() - lastReport > 10e9) {
                System.err.println("replaying to " + head + ": " + progress);
                lastReport = System.nanoTime();
            }
        } while (!done);
        return head;
    }

    private static JsonNode operator(HttpClient http, String url, String token, String postBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        request = postBody == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(postBody));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Provisions the workspace through the public APIs (the app running). */
    private static void provision(String api, Path appLog, String gateway, Path state) throws Exception {
        ManagedChannel channel = GatewayBenchmark.channel(gateway);
        TenantSetup.Tenant tenant = TenantSetup.provision(api, appLog, channel);
        channel.shutdownNow();
        Files.writeString(state, tenant.accessToken() + "\n" + tenant.me().path("workspace_id").asText() + "\n"
                + tenant.agentKey() + "\n");
    }

    /**
     * With the app stopped: writes the decisions, then moves every tracking processor past them, as if it had read
     * them (the audit-log processor skips decisions audited on append anyway; the other read models are not
     * measured here). The chainer of the restarted app links them.
     */
    private static void generate(String dbUrl, String workspace, String agentKey, long events, boolean moveTokens)
            throws Exception {
        try (Connection db = DriverManager.getConnection(dbUrl, "postgres", "")) {
            long started = System.nanoTime();
            generate(db, workspace, agentKey, events);
            report("generate " + events + " decisions (SQL insert, events + audit entries)", events, started);
            if (!moveTokens) {
                return;
            }
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("""
                        update tokenentry set token = convert_to('{"index":' || (select max(globalindex)
                               from domainevententry) || ',"gaps":[]}', 'UTF8')
                        where tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken'""");
            }
        }
    }

    private static void report(String what, long count, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf(Locale.ROOT, "| %-70s | %,10d | %8.1f s | %,10.0f /s |%n", what, count, seconds, count / seconds);
    }

    private static long count(Connection db, String sql, String workspace) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, workspace);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** In slices of 100,000, each one statement pair: events, then their audit entries. */
    private static void generate(Connection db, String workspace, String agentKey, long events) throws Exception {
        String payload = JSON.writeValueAsString(Map.ofEntries(Map.entry("workspace_id", workspace),
                Map.entry("org_id", "org-bench"), Map.entry("team_id", "team-load"), Map.entry("agent_id", "load-agent"),
                Map.entry("agent_key", agentKey), Map.entry("action_type", "NETWORK_CALL"),
                Map.entry("target", "api-57.partner.example:443"), Map.entry("decision", "ALLOW"),
                Map.entry("reason", "allowed by bench-agent"), Map.entry("policy_rule", "bench-agent/allow"),
                Map.entry("identity_assurance", "AGENT_IDENTITY_ASSURANCE_ASSERTED"), Map.entry("trace_id", "TRACE"),
                Map.entry("span_id", "25"), Map.entry("decision_latency_us", 225),
                Map.entry("policy_digest", "sha256:a332cb94c5d20e8f3da891e0fdffb565234249e034da0b35e1f32e8907ff36fd")));
        String meta = JSON.writeValueAsString(Map.of("actorType", "AGENT", "indexedOnAppend", true, "actorId", agentKey));
        try (Statement statement = db.createStatement()) {
            statement.execute("create temporary table if not exists bench_appended (globalindex bigint)");
        }
        for (long done = 0; done < events; done += 100_000) {
            long slice = Math.min(100_000, events - done);
            try (PreparedStatement insert = db.prepareStatement("""
                    with appended as (
                        insert into domainevententry (eventidentifier, aggregateidentifier, sequencenumber, "timestamp",
                                                      payloadtype, payloadrevision, payload, metadata)
                        select id, id, 0, to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                               ?, '3', convert_to(replace(?, 'TRACE', 'bench-' || g), 'UTF8'), convert_to(?, 'UTF8')
                        from (select gen_random_uuid()::text as id, g from generate_series(1, ?) g) s
                        returning globalindex, eventidentifier, "timestamp", payload
                    )
                    insert into audit_entry (global_sequence, event_id, workspace_id, org_id, aggregate_id, event_type,
                                             actor_type, actor_id, occurred_at, payload)
                    select globalindex, eventidentifier, ?, 'org-bench', ?, 'AgentActionDecided', 'AGENT', ?,
                           "timestamp"::timestamptz, convert_from(payload, 'UTF8')::jsonb
                    from appended
                    """)) {
                insert.setString(1, DECIDED);
                insert.setString(2, payload);
                insert.setString(3, meta);
                insert.setLong(4, slice);
                insert.setString(5, workspace);
                insert.setString(6, workspace);
                insert.setString(7, agentKey);
                insert.executeUpdate();
            }
        }
    }
}
