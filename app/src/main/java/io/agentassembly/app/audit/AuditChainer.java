package io.agentassembly.app.audit;

import io.agentassembly.identity.PeriodicTask;
import io.agentassembly.projection.AuditLogProjection;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The audit chain's only writer (docs/audit.md, docs/adr/0026). Every {@code aasm.audit.chain-interval} each node
 * links the entries that are final — at or below the audit-log processor's position, below its first gap that may
 * still fill, so no entry with a lower sequence can still arrive — workspace by workspace: it locks the workspace's
 * {@code audit_chain_head} row ({@code for update skip locked}: one node per chain at a time, the others pass by),
 * hashes the entries after the head in global_sequence order, stores each entry's payload digest, prev_hash and
 * hash, moves the head and, when due, writes a signed checkpoint — all in one transaction. Entries inserted later
 * below a head (none should be) are never linked: verification reports them.
 */
@Component
@EnableConfigurationProperties(AuditChainProperties.class)
public class AuditChainer extends PeriodicTask {

    private static final int ABANDONED_GAPS_REMEMBERED = 10_000;

    private static final String UNCHAINED_WORKSPACES = """
            select distinct workspace_id from audit_entry where hash is null and global_sequence <= ?
            """;

    private static final String LOCK_HEAD = """
            select last_sequence, last_hash, entries, since_checkpoint, last_checkpoint_at
            from audit_chain_head where workspace_id = ? for update skip locked
            """;

    private static final String TO_LINK = """
            select global_sequence, occurred_at, event_type, actor_type, actor_id, org_id, payload::text
            from audit_entry where workspace_id = ? and global_sequence > ? and global_sequence <= ?
            order by global_sequence limit ?
            """;

    private static final String STORE_LINKS = """
            update audit_entry a set payload_digest = l.digest, prev_hash = l.prev, hash = l.hash
            from unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::bytea[]) as l(seq, digest, prev, hash)
            where a.global_sequence = l.seq
            """;

    private final DataSource dataSource;
    private final Serializer tokenSerializer;
    private final AuditSigning signing;
    private final AuditChainProperties properties;
    private final ConcurrentSkipListSet<Long> abandonedGaps = new ConcurrentSkipListSet<>();

    public AuditChainer(DataSource dataSource, Serializer serializer, AuditSigning signing, TaskScheduler scheduler,
                        AuditChainProperties properties) {
        super(scheduler, properties.chainInterval(), "linking the audit chain failed; the next pass retries");
        this.dataSource = dataSource;
        this.tokenSerializer = serializer;
        this.signing = signing;
        this.properties = properties;
    }

    @Override
    protected void runOnce() {
        chainAll();
    }

    /** Links every final entry now; answers how many it linked. Also run by tests to not wait for the timer. */
    public synchronized int chainAll() {
        OptionalLong horizon = horizon();
        if (horizon.isEmpty()) {
            return 0;
        }
        int linked = 0;
        for (String workspace : unchainedWorkspaces(horizon.getAsLong())) {
            int batch;
            do {
                batch = chain(workspace, horizon.getAsLong());
                linked += batch;
            } while (batch == properties.chainBatch());
        }
        return linked;
    }

    private List<String> unchainedWorkspaces(long horizon) {
        List<String> workspaces = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UNCHAINED_WORKSPACES)) {
            statement.setLong(1, horizon);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    workspaces.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list unchained audit entries: " + e.getMessage(), e);
        }
        return workspaces;
    }

    /** One batch of one workspace in one transaction; 0 when another node holds its chain. */
    int chain(String workspace, long horizon) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int linked = chain(connection, workspace, horizon);
                connection.commit();
                return linked;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot link the audit chain of " + workspace + ": " + e.getMessage(), e);
        }
    }

    private int chain(Connection connection, String workspace, long horizon) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audit_chain_head (workspace_id, last_hash) values (?, ?) on conflict do nothing")) {
            insert.setString(1, workspace);
            insert.setBytes(2, AuditChain.GENESIS);
            insert.executeUpdate();
        }
        long lastSequence;
        byte[] lastHash;
        long entries;
        long sinceCheckpoint;
        Timestamp lastCheckpointAt;
        try (PreparedStatement lock = connection.prepareStatement(LOCK_HEAD)) {
            lock.setString(1, workspace);
            try (ResultSet head = lock.executeQuery()) {
                if (!head.next()) {
                    return 0;
                }
                lastSequence = head.getLong(1);
                lastHash = head.getBytes(2);
                entries = head.getLong(3);
                sinceCheckpoint = head.getLong(4);
                lastCheckpointAt = head.getTimestamp(5);
            }
        }
        List<Long> sequences = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        List<byte[]> prevs = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(TO_LINK)) {
            select.setString(1, workspace);
            select.setLong(2, lastSequence);
            select.setLong(3, horizon);
            select.setInt(4, properties.chainBatch());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long sequence = rows.getLong(1);
                    byte[] digest = AuditChain.payloadDigest(rows.getBytes(7));
                    byte[] hash = AuditChain.hash(new AuditChain.Link(workspace, sequence,
                            rows.getObject(2, OffsetDateTime.class), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), digest), lastHash);
                    sequences.add(sequence);
                    digests.add(digest);
                    prevs.add(lastHash);
                    hashes.add(hash);
                    lastHash = hash;
                    lastSequence = sequence;
                }
            }
        }
        if (sequences.isEmpty()) {
            return 0;
        }
        try (PreparedStatement store = connection.prepareStatement(STORE_LINKS)) {
            Array seqArray = connection.createArrayOf("int8", sequences.toArray());
            store.setArray(1, seqArray);
            store.setArray(2, connection.createArrayOf("bytea", digests.toArray(new byte[0][])));
            store.setArray(3, connection.createArrayOf("bytea", prevs.toArray(new byte[0][])));
            store.setArray(4, connection.createArrayOf("bytea", hashes.toArray(new byte[0][])));
            store.executeUpdate();
        }
        entries += sequences.size();
        sinceCheckpoint += sequences.size();
        Instant now = Instant.now();
        boolean checkpoint = sinceCheckpoint >= properties.checkpointEvery() || lastCheckpointAt == null
                || !lastCheckpointAt.toInstant().plus(properties.checkpointInterval()).isAfter(now);
        if (checkpoint) {
            AuditCheckpoints.write(connection, signing, workspace, lastSequence, lastHash, entries, now);
            sinceCheckpoint = 0;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                update audit_chain_head set last_sequence = ?, last_hash = ?, entries = ?, since_checkpoint = ?,
                       last_checkpoint_at = coalesce(?, last_checkpoint_at), updated_at = now()
                where workspace_id = ?
                """)) {
            update.setLong(1, lastSequence);
            update.setBytes(2, lastHash);
            update.setLong(3, entries);
            update.setLong(4, sinceCheckpoint);
            update.setTimestamp(5, checkpoint ? Timestamp.from(now) : null);
            update.setString(6, workspace);
            update.executeUpdate();
        }
        return sequences.size();
    }

    /**
     * The highest sequence below which every audit entry exists: the audit-log processor's position (the lowest
     * over its segments), or just below its first gap that may still fill. A gap whose next event is older than
     * {@code aasm.audit.gap-timeout} is a rolled-back insert (a sequence value is spent even when its transaction
     * rolls back) and is passed over. Empty before the processor has stored a token. Decisions audited on append
     * are written with their events, so they are covered too.
     */
    public OptionalLong horizon() {
        Long lowest = null;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select token, tokentype from tokenentry where processorname = ?")) {
            statement.setString(1, AuditLogProjection.PROCESSING_GROUP);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byte[] bytes = rows.getBytes(1);
                    String type = rows.getString(2);
                    if (bytes == null || type == null) {
                        return OptionalLong.empty();
                    }
                    TrackingToken token = tokenSerializer.deserialize(
                            new SimpleSerializedObject<>(bytes, byte[].class, type, null));
                    long position = finalUpTo(connection, token);
                    lowest = lowest == null ? position : Math.min(lowest, position);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit-log processor's position: " + e.getMessage(), e);
        }
        return lowest == null ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    private long finalUpTo(Connection connection, TrackingToken token) throws SQLException {
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        current = current == null ? null : WrappedToken.unwrapLowerBound(current);
        if (current == null) {
            return -1;
        }
        if (current instanceof GapAwareTrackingToken gapAware) {
            for (long gap : gapAware.getGaps()) {
                if (!abandoned(connection, gap)) {
                    return gap - 1;
                }
            }
            return gapAware.getIndex();
        }
        return current.position().orElse(-1);
    }

    private boolean abandoned(Connection connection, long gap) throws SQLException {
        if (abandonedGaps.contains(gap)) {
            return true;
        }
        try (PreparedStatement next = connection.prepareStatement("""
                select "timestamp" from domainevententry where globalindex > ? order by globalindex limit 1
                """)) {
            next.setLong(1, gap);
            try (ResultSet row = next.executeQuery()) {
                if (!row.next() || Instant.parse(row.getString(1)).plus(properties.gapTimeout()).isAfter(Instant.now())) {
                    return false;
                }
            }
        }
        if (abandonedGaps.size() >= ABANDONED_GAPS_REMEMBERED) {
            abandonedGaps.pollFirst();
        }
        abandonedGaps.add(gap);
        return true;
    }
}
