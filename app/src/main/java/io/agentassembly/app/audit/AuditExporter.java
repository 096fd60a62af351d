package io.agentassembly.app.audit;

import io.agentassembly.audit.format.CanonicalJsonEncoder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
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
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
    private static final int PREFETCH_BATCH = 256;
    private static final int PREFETCH_BATCHES = 16;

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

    /** Whether the workspace has an audit entry older than {@code instant}. */
    public boolean holdsEntriesBefore(String workspace, Instant instant) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement oldest = connection.prepareStatement("""
                     select exists (select 1 from audit_entry where occurred_at < ? and workspace_id = ?)
                     """)) {
            oldest.setTimestamp(1, Timestamp.from(instant));
            oldest.setString(2, workspace);
            try (ResultSet row = oldest.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for audit entries past retention: " + e.getMessage(), e);
        }
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
        AuditChain.Head chainHead = AuditChain.head(connection, workspace);
        long headSequence = chainHead.sequence();
        byte[] headHash = chainHead.hash();
        StringBuilder sql = new StringBuilder("""
                select e.globalindex, e.payloadtype, e.payloadrevision, e.payload, e.metadata, e."timestamp",
                       encode(a.prev_hash, 'hex'), encode(a.hash, 'hex'), a.erased_at is not null
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
        MessageDigest payloadDigest = sha256();
        long count = 0;
        Long first = null;
        long last = -1;
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        // Entries are written into the buffer, which goes out as it fills: no flush per entry.
        if (format == Format.CSV) {
            buffered.write((String.join(",", CSV_COLUMNS) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        ReusableByteArrayOutputStream serialized = new ReusableByteArrayOutputStream();
        CanonicalJsonEncoder canonicalPayload = new CanonicalJsonEncoder();
        CanonicalJsonEncoder line = new CanonicalJsonEncoder();
        try (PrefetchedRows<StoredEvent> events = new PrefetchedRows<>("audit-export-reader", PREFETCH_BATCH,
                PREFETCH_BATCHES, sink -> read(connection, sql.toString(), parameters, sink))) {
            StoredEvent stored;
            while ((stored = events.next()) != null) {
                Object event = serializer.deserialize(new SimpleSerializedObject<>(stored.payload(), byte[].class,
                        stored.payloadType(), stored.payloadRevision()));
                if (!(event instanceof WorkspaceEvent workspaceEvent)) {
                    continue;
                }
                Actor actor = actor(stored.metadata());
                String eventType = AuditEventTypes.eventTypeOf(event.getClass());
                // The payload as the audit-log projection writes it, then in its canonical form.
                canonicalPayload(event, canonicalPayload, serialized);
                byte[] digest = canonicalPayload.digest(payloadDigest);
                boolean redacted = redactedTypes.contains(eventType) || stored.erased();
                Entry entry = new Entry(stored.sequence(),
                        AuditChain.time(stored.timestamp()), eventType,
                        actor.type(), actor.id(), event instanceof OrgScopedEvent scoped ? scoped.orgId() : null,
                        workspaceEvent.workspaceId(), redacted ? null : canonicalPayload, redacted, digest,
                        stored.prevHash(), stored.hash());
                line.reset();
                if (format == Format.JSONL) {
                    writeJson(line, entry);
                } else {
                    writeCsv(line, entry);
                }
                line.writeTo(buffered);
                entriesDigest.update(stored.hash());
                count++;
                if (first == null) {
                    first = stored.sequence();
                }
                last = stored.sequence();
            }
        }
        ObjectNode manifest = manifest(workspace, format, filters, count, first, last, entriesDigest.digest(),
                headSequence, headHash);
        Writer writer = new OutputStreamWriter(buffered, StandardCharsets.UTF_8);
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

    /** One stored event with its links, as read from the database (decoded on the export's second thread). */
    private record StoredEvent(long sequence, String payloadType, String payloadRevision, byte[] payload,
                               byte[] metadata, String timestamp, byte[] prevHash, byte[] hash, boolean erased) {
    }

    private static void read(Connection connection, String sql, List<Object> parameters,
                             PrefetchedRows.Sink<StoredEvent> sink) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setFetchSize(FETCH);
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sink.accept(new StoredEvent(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getBytes(4), rows.getBytes(5), rows.getString(6), AuditChain.unhex(rows.getString(7)),
                            AuditChain.unhex(rows.getString(8)),
                            rows.getBoolean(9)));
                }
            }
        }
    }

    /**
     * The event's payload as the audit-log projection writes it (the object mapper's JSON), in canonical form: the
     * serialiser's tokens are encoded as they are buffered, without writing and parsing the JSON text, unless a
     * value is embedded (binary, raw JSON), which goes through the text.
     */
    private void canonicalPayload(Object event, CanonicalJsonEncoder canonical,
                                  ReusableByteArrayOutputStream serialized) throws IOException {
        TokenBuffer tokens = new TokenBuffer(objectMapper, false);
        objectMapper.writeValue(tokens, event);
        try (JsonParser parser = tokens.asParser()) {
            canonical.reset().value(parser);
            return;
        } catch (IOException embedded) {
            // through the text below
        }
        serialized.reset();
        objectMapper.writeValue(serialized, event);
        canonical.encodeJson(serialized.buffer(), 0, serialized.size());
    }

    private record Actor(String type, String id) {
    }

    /** The actor from the event's metadata (read for these two values only; any other shape is deserialised). */
    private Actor actor(byte[] metadata) throws IOException {
        String type = null;
        String id = null;
        try (JsonParser parser = objectMapper.getFactory().createParser(metadata)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return deserialisedActor(metadata);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                boolean actorField = AuditMetadata.ACTOR_TYPE.equals(name) || AuditMetadata.ACTOR_ID.equals(name);
                if (actorField && value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                    return deserialisedActor(metadata);
                }
                if (AuditMetadata.ACTOR_TYPE.equals(name)) {
                    type = value == JsonToken.VALUE_NULL ? null : parser.getText();
                } else if (AuditMetadata.ACTOR_ID.equals(name)) {
                    id = value == JsonToken.VALUE_NULL ? null : parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Actor(type == null ? ActorType.SYSTEM.name() : type, id);
    }

    private Actor deserialisedActor(byte[] metadata) {
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(metadata, byte[].class,
                MetaData.class.getName(), null));
        Object type = metaData.get(AuditMetadata.ACTOR_TYPE);
        Object id = metaData.get(AuditMetadata.ACTOR_ID);
        return new Actor(type == null ? ActorType.SYSTEM.name() : type.toString(), id == null ? null : id.toString());
    }

    private static final class ReusableByteArrayOutputStream extends ByteArrayOutputStream {
        ReusableByteArrayOutputStream() {
            super(2048);
        }

        byte[] buffer() {
            return buf;
        }
    }

    /** {@code payload}: its canonical JSON, null when left out. */
    private record Entry(long sequence, String occurredAt, String eventType, String actorType, String actorId,
                         String orgId, String workspaceId, CanonicalJsonEncoder payload, boolean redacted,
                         byte[] payloadDigest, byte[] prevHash, byte[] hash) {
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

    private static void writeJson(CanonicalJsonEncoder line, Entry entry) {
        line.text("{\"sequence\":").number(entry.sequence());
        line.text(",\"occurred_at\":").string(entry.occurredAt());
        line.text(",\"event_type\":").string(entry.eventType());
        line.text(",\"actor_type\":").string(entry.actorType());
        line.text(",\"actor_id\":");
        stringOrNull(line, entry.actorId());
        line.text(",\"org_id\":");
        stringOrNull(line, entry.orgId());
        line.text(",\"workspace_id\":");
        stringOrNull(line, entry.workspaceId());
        line.text(",\"payload\":");
        if (entry.payload() == null) {
            line.nullValue();
        } else {
            line.raw(entry.payload().buffer(), 0, entry.payload().length());
        }
        line.text(entry.redacted() ? ",\"payload_redacted\":true" : ",\"payload_redacted\":false");
        line.text(",\"payload_digest\":").hexString(entry.payloadDigest());
        line.text(",\"prev_hash\":");
        hexOrNull(line, entry.prevHash());
        line.text(",\"hash\":");
        hexOrNull(line, entry.hash());
        line.text("}\n");
    }

    private static void stringOrNull(CanonicalJsonEncoder line, String value) {
        if (value == null) {
            line.nullValue();
        } else {
            line.string(value);
        }
    }

    private static void hexOrNull(CanonicalJsonEncoder line, byte[] value) {
        if (value == null) {
            line.nullValue();
        } else {
            line.hexString(value);
        }
    }

    private static void writeCsv(CanonicalJsonEncoder line, Entry entry) {
        line.number(entry.sequence());
        for (String value : new String[]{entry.occurredAt(), entry.eventType(), entry.actorType(), entry.actorId(),
                entry.orgId(), entry.workspaceId()}) {
            line.raw(',');
            if (value != null) {
                line.text(csv(value));
            }
        }
        line.raw(',');
        if (entry.payload() != null) {
            csv(line, entry.payload().buffer(), entry.payload().length());
        }
        line.text(entry.redacted() ? ",true," : ",false,").text(AuditChain.hex(entry.payloadDigest())).raw(',');
        if (entry.prevHash() != null) {
            line.text(AuditChain.hex(entry.prevHash()));
        }
        line.raw(',');
        if (entry.hash() != null) {
            line.text(AuditChain.hex(entry.hash()));
        }
        line.text(",\r\n");
    }

    /** {@link #csv(String)} of UTF-8 bytes (multi-byte sequences hold no ASCII byte, so bytes are compared). */
    private static void csv(CanonicalJsonEncoder line, byte[] value, int length) {
        boolean quote = length == 0;
        for (int i = 0; i < length && !quote; i++) {
            byte b = value[i];
            quote = b == ',' || b == '"' || b == '\n' || b == '\r';
        }
        if (!quote) {
            line.raw(value, 0, length);
            return;
        }
        line.raw('"');
        int from = 0;
        for (int i = 0; i < length; i++) {
            if (value[i] == '"') {
                line.raw(value, from, i + 1 - from).raw('"');
                from = i + 1;
            }
        }
        line.raw(value, from, length - from).raw('"');
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
