package io.agentassembly.app.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Signed checkpoints of a workspace's chain (docs/audit.md): the signature is Ed25519 over the UTF-8 bytes of
 * <pre>["aasm-audit-checkpoint-v1", workspace_id, sequence, hex(hash), entries, signed_at]</pre>
 * in canonical JSON, signed_at UTC with six fractional digits.
 */
public final class AuditCheckpoints {

    public static final String VERSION = "aasm-audit-checkpoint-v1";

    private AuditCheckpoints() {
    }

    public static String message(String workspace, long sequence, byte[] hash, long entries, Instant signedAt) {
        var array = AuditChain.mapper().createArrayNode().add(VERSION).add(workspace).add(sequence)
                .add(AuditChain.hex(hash)).add(entries).add(AuditChain.time(signedAt.atOffset(ZoneOffset.UTC)));
        return AuditChain.canonical(array);
    }

    static void write(Connection connection, AuditSigning signing, String workspace, long sequence, byte[] hash,
                      long entries, Instant now) throws SQLException {
        Instant signedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String[] signature = signing.sign(workspace, message(workspace, sequence, hash, entries, signedAt));
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_checkpoint (workspace_id, sequence, hash, entries, signed_at, key_id, signature)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                """)) {
            insert.setString(1, workspace);
            insert.setLong(2, sequence);
            insert.setBytes(3, hash);
            insert.setLong(4, entries);
            insert.setTimestamp(5, Timestamp.from(signedAt));
            insert.setString(6, signature[0]);
            insert.setString(7, signature[1]);
            insert.executeUpdate();
        }
    }
}
