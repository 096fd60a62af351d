package io.agentassembly.app.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.OrgScopedEvent;
import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.projection.AuditEventTypes;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The compliance export (docs/audit.md, "Export"): the workspace's linked entries matching the filters, replayed
 * from the event store (each event read back and deserialised, its entry derived as the audit-log projection derives
 * it), each with its chain links, in sequence order, streamed through a database cursor (constant memory), then a
 * signed manifest. JSON Lines, or CSV with the manifest in the last row's {@code manifest} column.
 */
@Component
public class AuditExporter {

    public static final String FORMAT_VERSION = "aasm-audit-export-v1";
    public static final List<String> CSV_COLUMNS = List.of("sequence", "occurred_at", "event_type", "actor_type",
            "actor_id", "org_id", "workspace_id", "payload", "payload_redacted", "payload_digest", "prev_hash", "hash",
            "manifest");
    private static final int FETCH = 2_000;

    public enum Format { JSONL, CSV }

    /** The filters; null means not filtered. */
    public record Filters(String orgId, String agentKey, Instant from, Instant to, String eventType) {
    }

    private final DataSource dataSource;
    private final Serializer serializer;
    private final ObjectMapper objectMapper;
    private final AuditSigning signing;

    public AuditExporter(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer,
                         ObjectMapper objectMapper, AuditSigning signing) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.objectMapper = objectMapper;
        this.signing = signing;
    }

    /**
     * Writes the export to {@code out}. The payloads of {@code redactedTypes} are left out (the entry keeps its
     * payload_digest, so its link still verifies). Answers the number of entries written.
     */
    public long export(String workspace, Format format, Filters filters, Set<String> redactedTypes, OutputStream out)
            throws IOException {
        signing.publicKey(workspace); // the key exists before the export starts
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return export(connection, workspace, format, filters, redactedTypes, out);
            } finally {
                connection.rollback();
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IOException("the export failed: " + e.getMessage(), e);
        }
    }

    private long export(Connection connection, String workspace, Format format, Filters filters,
                        Set<String> redactedTypes, OutputStream out) throws SQLException, IOException {
        long headSequence = -1;
        byte[] headHash = AuditChain.GENESIS;
        try (PreparedStatement head = connection.prepareStatement(
                "select last_sequence, last_hash from audit_chain_head where workspace_id = ?")) {
            head.setString(1, workspace);
            try (ResultSet row = head.executeQuery()) {
                if (row.next()) {
                    headSequence = row.getLong(1);
                    headHash = row.getBytes(2);
                }
            }
        }
        StringBuilder sql = new StringBuilder("""
                select e.globalindex, e.payloadtype, e.payloadrevision, e.payload, e.metadata, e."timestamp",
                       a.prev_hash, a.hash, a.erased_at is not null
                from audit_entry a join domainevententry e on e.globalindex = a.global_sequence
                where a.workspace_id = ? and a.global_sequence <= ? and a.hash is not null
                """);
        List<Object> parameters = new ArrayList<>(List.of(workspace, headSequence));
        if (filters.orgId() != null) {
            sql.append(" and a.org_id = ?");
            parameters.add(filters.orgId());
        }
        if (filters.eventType() != null) {
            sql.append(" and a.event_type = ?");
            parameters.add(filters.eventType());
        }
        if (filters.from() != null) {
            sql.append(" and a.occurred_at >= ?");
            parameters.add(Timestamp.from(filters.from()));
        }
        if (filters.to() != null) {
            sql.append(" and a.occurred_at < ?");
            parameters.add(Timestamp.from(filters.to()));
        }
        if (filters.agentKey() != null) {
            sql.append(" and a.payload ->> 'agent_key' = ?");
            parameters.add(filters.agentKey());
        }
        sql.append(" order by a.global_sequence");
        MessageDigest entriesDigest = sha256();
        long count = 0;
        Long first = null;
        long last = -1;
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        // Entries are written into the buffer, which goes out as it fills: no flush per entry.
        JsonGenerator json = objectMapper.getFactory().createGenerator(writer)
                .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        json.setRootValueSeparator(null);
        if (format == Format.CSV) {
            writer.write(String.join(",", CSV_COLUMNS));
            writer.write("\r\n");
        }
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            select.setFetchSize(FETCH);
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long sequence = rows.getLong(1);
                    Object event = serializer.deserialize(new SimpleSerializedObject<>(rows.getBytes(4), byte[].class,
                            rows.getString(2), rows.getString(3)));
                    if (!(event instanceof WorkspaceEvent workspaceEvent)) {
                        continue;
                    }
                    MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(rows.getBytes(5),
                            byte[].class, MetaData.class.getName(), null));
                    String eventType = AuditEventTypes.eventTypeOf(event.getClass());
                    JsonNode payload = objectMapper.valueToTree(event);
                    String canonicalPayload = AuditChain.canonical(payload);
                    byte[] digest = AuditChain.sha256(canonicalPayload.getBytes(StandardCharsets.UTF_8));
                    boolean redacted = redactedTypes.contains(eventType) || rows.getBoolean(9);
                    Object actorType = metaData.get(AuditMetadata.ACTOR_TYPE);
                    Object actorId = metaData.get(AuditMetadata.ACTOR_ID);
                    Entry entry = new Entry(sequence, AuditChain.time(Instant.parse(rows.getString(6))
                            .atOffset(ZoneOffset.UTC)), eventType,
                            actorType == null ? ActorType.SYSTEM.name() : actorType.toString(),
                            actorId == null ? null : actorId.toString(),
                            event instanceof OrgScopedEvent scoped ? scoped.orgId() : null,
                            workspaceEvent.workspaceId(), redacted ? null : payload,
                            redacted ? null : canonicalPayload, redacted,
                            AuditChain.hex(digest), AuditChain.hex(rows.getBytes(7)), AuditChain.hex(rows.getBytes(8)));
                    if (format == Format.JSONL) {
                        writeJson(json, entry);
                        json.writeRaw('\n');
                    } else {
                        writeCsv(writer, entry);
                    }
                    entriesDigest.update(rows.getBytes(8));
                    count++;
                    if (first == null) {
                        first = sequence;
                    }
                    last = sequence;
                }
            }
        }
        json.flush();
        ObjectNode manifest = manifest(workspace, format, filters, count, first, last, entriesDigest.digest(),
                headSequence, headHash);
        if (format == Format.JSONL) {
            writer.write(objectMapper.writeValueAsString(objectMapper.createObjectNode().set("manifest", manifest)));
            writer.write('\n');
        } else {
            writer.write(",".repeat(CSV_COLUMNS.size() - 1));
            writer.write(csv(objectMapper.writeValueAsString(manifest)));
            writer.write("\r\n");
        }
        writer.flush();
        return count;
    }

    private record Entry(long sequence, String occurredAt, String eventType, String actorType, String actorId,
                         String orgId, String workspaceId, JsonNode payload, String canonicalPayload,
                         boolean redacted, String payloadDigest,
                         String prevHash, String hash) {
    }

    private ObjectNode manifest(String workspace, Format format, Filters filters, long count, Long first, long last,
                                byte[] entriesDigest, long headSequence, byte[] headHash) {
        ObjectNode manifest = objectMapper.createObjectNode();
        manifest.put("format_version", FORMAT_VERSION);
        manifest.put("workspace_id", workspace);
        manifest.put("format", format.name().toLowerCase());
        manifest.put("count", count);
        if (first == null) {
            manifest.putNull("first_sequence");
            manifest.putNull("last_sequence");
        } else {
            manifest.put("first_sequence", first);
            manifest.put("last_sequence", last);
        }
        manifest.put("entries_digest", AuditChain.hex(entriesDigest));
        ObjectNode head = manifest.putObject("chain_head");
        head.put("sequence", headSequence);
        head.put("hash", AuditChain.hex(headHash));
        ObjectNode applied = manifest.putObject("filters");
        applied.put("org_id", filters.orgId());
        applied.put("agent_key", filters.agentKey());
        applied.put("from", filters.from() == null ? null : filters.from().toString());
        applied.put("to", filters.to() == null ? null : filters.to().toString());
        applied.put("event_type", filters.eventType());
        manifest.put("exported_at", AuditChain.time(Instant.now().atOffset(ZoneOffset.UTC)));
        manifest.put("key_id", signing.publicKey(workspace).keyId());
        manifest.put("signature", signing.sign(workspace, AuditChain.canonical(manifest))[1]);
        return manifest;
    }

    private static void writeJson(JsonGenerator json, Entry entry) throws IOException {
        json.writeStartObject();
        json.writeNumberField("sequence", entry.sequence());
        json.writeStringField("occurred_at", entry.occurredAt());
        json.writeStringField("event_type", entry.eventType());
        json.writeStringField("actor_type", entry.actorType());
        json.writeStringField("actor_id", entry.actorId());
        json.writeStringField("org_id", entry.orgId());
        json.writeStringField("workspace_id", entry.workspaceId());
        json.writeFieldName("payload");
        if (entry.payload() == null) {
            json.writeNull();
        } else {
            json.writeTree(entry.payload());
        }
        json.writeBooleanField("payload_redacted", entry.redacted());
        json.writeStringField("payload_digest", entry.payloadDigest());
        json.writeStringField("prev_hash", entry.prevHash());
        json.writeStringField("hash", entry.hash());
        json.writeEndObject();
    }

    private static void writeCsv(Writer writer, Entry entry) throws IOException {
        writer.write(Long.toString(entry.sequence()));
        for (String value : new String[]{entry.occurredAt(), entry.eventType(), entry.actorType(), entry.actorId(),
                entry.orgId(), entry.workspaceId(),
                entry.canonicalPayload(),
                Boolean.toString(entry.redacted()), entry.payloadDigest(), entry.prevHash(), entry.hash(), null}) {
            writer.write(',');
            if (value != null) {
                writer.write(csv(value));
            }
        }
        writer.write("\r\n");
    }

    /** RFC 4180 quoting (values are exported exactly as chained, so nothing else is changed). */
    static String csv(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
