package io.agentassembly.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Erases a data subject's personal values from a workspace's audit entries (docs/adr/0027): every linked entry
 * whose payload holds {@code value} in a personal field ({@link #PERSONAL_FIELDS}, at any depth) gets that value
 * replaced by {@value #ERASED} and {@code erased_at} set. The entry keeps its {@code payload_digest}, which its hash
 * was computed over, so verification and exports still check its link (an erased entry's payload is not
 * re-digested; exports leave it out as redacted). Entries not linked yet are left for the next erasure run.
 */
@Component
public class AuditErasure {

    public static final Set<String> PERSONAL_FIELDS = Set.of("email", "name", "display_name", "full_name",
            "ip_address", "client_address", "user_agent");
    public static final String ERASED = "[erased]";

    private final DataSource dataSource;

    public AuditErasure(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Answers how many entries it erased. */
    public int erase(String workspace, String value) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            List<Long> sequences = new ArrayList<>();
            List<String> payloads = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select global_sequence, payload::text from audit_entry
                    where workspace_id = ? and hash is not null and payload_digest is not null
                      and strpos(payload::text, ?) > 0
                    for update
                    """)) {
                select.setString(1, workspace);
                select.setString(2, AuditChain.mapper().writeValueAsString(value));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        JsonNode payload = AuditChain.mapper().readTree(rows.getString(2));
                        if (scrub(payload, value)) {
                            sequences.add(rows.getLong(1));
                            payloads.add(AuditChain.mapper().writeValueAsString(payload));
                        }
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update audit_entry set payload = ?::jsonb, erased_at = coalesce(erased_at, now()) "
                            + "where global_sequence = ?")) {
                for (int i = 0; i < sequences.size(); i++) {
                    update.setString(1, payloads.get(i));
                    update.setLong(2, sequences.get(i));
                    update.addBatch();
                }
                update.executeBatch();
            }
            connection.commit();
            return sequences.size();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot erase: " + e.getMessage(), e);
        }
    }

    private static boolean scrub(JsonNode node, String value) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (PERSONAL_FIELDS.contains(field.getKey()) && field.getValue().isTextual()
                        && field.getValue().textValue().equals(value)) {
                    field.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(ERASED));
                    changed = true;
                } else {
                    changed |= scrub(field.getValue(), value);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                changed |= scrub(element, value);
            }
        }
        return changed;
    }
}
