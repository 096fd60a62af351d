package io.agentassembly.app.audit;

import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes a workspace's chain from the database (docs/audit.md, "Verifying"): reads the head, the signed
 * checkpoints and every linked entry in one consistent snapshot, entry by entry in global_sequence order (streamed,
 * constant memory), and answers the first broken link — an entry whose prev_hash is not the hash before it (an entry
 * deleted or inserted there), whose hash does not match its content (edited), a checkpoint whose signature fails
 * or whose hash differs from the recomputed one, or a head that is not where the entries end (entries deleted at
 * the end).
 */
@Component
public class AuditChainVerifier {

    public record Broken(long sequence, Long afterSequence, String problem, String expected, String found) {
    }

    public record Verification(boolean ok, String workspaceId, long entriesChecked, long chainedThrough,
                               String headHash, long checkpointsChecked, long pendingEntries, long erasedEntries,
                               Broken firstBroken, String verifiedAt) {
    }

    private record Checkpoint(byte[] hash, long entries, Instant signedAt, String signature) {
    }

    private static final int FETCH = 5_000;
    private static final int PREFETCH_BATCH = 256;
    private static final int PREFETCH_BATCHES = 16;

    private final DataSource dataSource;
    private final AuditSigning signing;

    public AuditChainVerifier(DataSource dataSource, AuditSigning signing) {
        this.dataSource = dataSource;
        this.signing = signing;
    }

    public Verification verify(String workspace) {
        String publicKey = signing.publicKey(workspace).publicKey();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                return verify(connection, workspace, publicKey);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the audit chain: " + e.getMessage(), e);
        }
    }

    private Verification verify(Connection connection, String workspace, String publicKey) throws SQLException {
        AuditChain.Head chainHead = AuditChain.head(connection, workspace);
        long headSequence = chainHead.sequence();
        byte[] headHash = chainHead.hash();
        long pending = count(connection, "select count(*) from audit_entry where workspace_id = ? and global_sequence > ?",
                workspace, headSequence);
        TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select sequence, hash, entries, signed_at, signature from audit_checkpoint where workspace_id = ?"
                        + " order by sequence")) {
            select.setString(1, workspace);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    checkpoints.put(rows.getLong(1), new Checkpoint(rows.getBytes(2), rows.getLong(3),
                            rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getString(5)));
                }
            }
        }
        Broken broken = null;
        for (Map.Entry<Long, Checkpoint> each : checkpoints.entrySet()) {
            Checkpoint c = each.getValue();
            String message = AuditCheckpoints.message(workspace, each.getKey(), c.hash(), c.entries(), c.signedAt());
            if (!AuditSignatures.verify(publicKey, message, c.signature())) {
                broken = new Broken(each.getKey(), null, "checkpoint_signature_invalid", null, c.signature());
                break;
            }
        }
        byte[] running = AuditChain.GENESIS;
        long previous = -1;
        long checked = 0;
        long erased = 0;
        long through = broken == null ? headSequence : broken.sequence();
        try (PrefetchedRows<LinkedEntry> entries = new PrefetchedRows<>("audit-verify-reader", PREFETCH_BATCH,
                PREFETCH_BATCHES, sink -> read(connection, workspace, through, sink))) {
            LinkedEntry entry;
            while ((entry = entries.next()) != null) {
                long sequence = entry.sequence();
                Checkpoint skipped = firstBetween(checkpoints, previous, sequence);
                if (skipped != null) {
                    long at = checkpoints.ceilingKey(previous + 1);
                    broken = earlier(broken, new Broken(at, previous < 0 ? null : previous, "entry_missing",
                            AuditChain.hex(skipped.hash()), null));
                    break;
                }
                byte[] prev = entry.prevHash();
                byte[] stored = entry.hash();
                if (!Arrays.equals(prev, running)) {
                    broken = earlier(broken, new Broken(sequence, previous < 0 ? null : previous,
                            prev == null ? "entry_not_linked" : "prev_hash_mismatch", AuditChain.hex(running),
                            AuditChain.hex(prev)));
                    break;
                }
                byte[] recomputed = AuditChain.hash(new AuditChain.Link(workspace, sequence, entry.occurredAt(),
                        entry.eventType(), entry.actorType(), entry.actorId(), entry.orgId(),
                        // An erased entry's payload no longer matches; its link is checked with the stored digest.
                        entry.erased() && entry.payloadDigest() != null ? entry.payloadDigest()
                                : AuditChain.payloadDigest(entry.payload())), running);
                if (!Arrays.equals(recomputed, stored)) {
                    broken = earlier(broken, new Broken(sequence, previous < 0 ? null : previous, "hash_mismatch",
                            AuditChain.hex(recomputed), AuditChain.hex(stored)));
                    break;
                }
                Checkpoint checkpoint = checkpoints.get(sequence);
                if (checkpoint != null && !Arrays.equals(checkpoint.hash(), recomputed)) {
                    broken = earlier(broken, new Broken(sequence, previous < 0 ? null : previous,
                            "checkpoint_mismatch", AuditChain.hex(checkpoint.hash()), AuditChain.hex(recomputed)));
                    break;
                }
                running = recomputed;
                previous = sequence;
                checked++;
                erased += entry.erased() ? 1 : 0;
            }
        }
        if (broken == null) {
            Checkpoint skipped = firstBetween(checkpoints, previous, headSequence + 1);
            if (skipped != null) {
                broken = new Broken(checkpoints.ceilingKey(previous + 1), previous < 0 ? null : previous,
                        "entry_missing", AuditChain.hex(skipped.hash()), null);
            } else if (previous != headSequence || !Arrays.equals(running, headHash)) {
                broken = new Broken(headSequence, previous < 0 ? null : previous, "head_mismatch",
                        AuditChain.hex(headHash), AuditChain.hex(running));
            }
        }
        return new Verification(broken == null, workspace, checked, headSequence, AuditChain.hex(headHash),
                checkpoints.size(), pending, erased, broken, Instant.now().toString());
    }

    /** One entry as stored (read on the verification's second thread). */
    private record LinkedEntry(long sequence, OffsetDateTime occurredAt, String eventType, String actorType,
                               String actorId, String orgId, byte[] payload, byte[] prevHash, byte[] hash,
                               byte[] payloadDigest, boolean erased) {
    }

    // Hashes are read as hex text: the driver's decoding of bytea is slower than HexFormat's.
    private static void read(Connection connection, String workspace, long through,
                             PrefetchedRows.Sink<LinkedEntry> sink) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select global_sequence, occurred_at, event_type, actor_type, actor_id, org_id, payload::text,
                       encode(prev_hash, 'hex'), encode(hash, 'hex'), encode(payload_digest, 'hex'),
                       erased_at is not null
                from audit_entry where workspace_id = ? and global_sequence <= ? order by global_sequence
                """)) {
            select.setFetchSize(FETCH);
            select.setString(1, workspace);
            select.setLong(2, through);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.accept(new LinkedEntry(rows.getLong(1), rows.getObject(2, OffsetDateTime.class),
                            rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
                            rows.getBytes(7), AuditChain.unhex(rows.getString(8)), AuditChain.unhex(rows.getString(9)),
                            AuditChain.unhex(rows.getString(10)),
                            rows.getBoolean(11)));
                }
            }
        }
    }

    /** A checkpoint strictly after {@code after} and before {@code before}: its entry is gone. */
    private static Checkpoint firstBetween(TreeMap<Long, Checkpoint> checkpoints, long after, long before) {
        Map.Entry<Long, Checkpoint> next = checkpoints.higherEntry(after);
        return next != null && next.getKey() < before ? next.getValue() : null;
    }

    private static Broken earlier(Broken a, Broken b) {
        return a == null || b.sequence() < a.sequence() ? b : a;
    }

    private static long count(Connection connection, String sql, String workspace, long after) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, workspace);
            statement.setLong(2, after);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
