package io.agentassembly.query.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.query.api.AuditQueries.AuditEntryView;
import io.agentassembly.query.api.AuditQueries.AuditPage;
import io.agentassembly.query.api.AuditQueries.ListAuditEntriesQuery;
import io.agentassembly.schema.jooq.tables.records.AuditEntryRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.JSON;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.agentassembly.query.api.AuditQueries.MAX_PAGE_SIZE;
import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.AUDIT_ENTRY;

/** A workspace's audit log, newest first, paged by a global-sequence cursor. */
@Component
public class AuditQueryHandler {

    private final DSLContext db;
    private final ObjectMapper objectMapper;

    public AuditQueryHandler(DSLContext db, ObjectMapper objectMapper) {
        this.db = db;
        this.objectMapper = objectMapper;
    }

    @QueryHandler
    public AuditPage handle(ListAuditEntriesQuery query) {
        int perPage = pageSizeOf(query.perPage());
        List<AuditEntryView> fetched = db.selectFrom(AUDIT_ENTRY)
                .where(conditionsOf(query))
                .orderBy(AUDIT_ENTRY.GLOBAL_SEQUENCE.desc())
                .limit(perPage + 1)
                .fetch(this::toView);
        return pageOf(fetched, perPage);
    }

    static int pageSizeOf(int requested) {
        return Math.clamp(requested, 1, MAX_PAGE_SIZE);
    }

    /** {@code fetched} holds up to one entry more than the page: its presence means there is a next page. */
    static AuditPage pageOf(List<AuditEntryView> fetched, int perPage) {
        if (fetched.size() <= perPage) {
            return new AuditPage(List.copyOf(fetched), null);
        }
        List<AuditEntryView> entries = List.copyOf(fetched.subList(0, perPage));
        return new AuditPage(entries, entries.getLast().sequence());
    }

    /** The workspace always; each other filter only when given. SQL equality never matches a NULL org_id. */
    static List<Condition> conditionsOf(ListAuditEntriesQuery query) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(AUDIT_ENTRY.WORKSPACE_ID.eq(query.workspaceId()));
        addIfGiven(conditions, query.eventType(), AUDIT_ENTRY.EVENT_TYPE::eq);
        addIfGiven(conditions, query.actorId(), AUDIT_ENTRY.ACTOR_ID::eq);
        addIfGiven(conditions, query.orgId(), AUDIT_ENTRY.ORG_ID::eq);
        addIfGiven(conditions, query.agentKey(),
                DSL.field("({0} ->> 'agent_key')", String.class, AUDIT_ENTRY.PAYLOAD)::eq);
        addIfGiven(conditions, offset(query.from()), AUDIT_ENTRY.OCCURRED_AT::ge);
        addIfGiven(conditions, offset(query.to()), AUDIT_ENTRY.OCCURRED_AT::lt);
        addIfGiven(conditions, query.beforeSequence(), AUDIT_ENTRY.GLOBAL_SEQUENCE::lt);
        addIfGiven(conditions, offset(query.notBefore()), AUDIT_ENTRY.OCCURRED_AT::ge);
        return conditions;
    }

    private static <T> void addIfGiven(List<Condition> conditions, T value, Function<T, Condition> condition) {
        if (value != null) {
            conditions.add(condition.apply(value));
        }
    }

    private AuditEntryView toView(AuditEntryRecord row) {
        return new AuditEntryView(row.getGlobalSequence(), row.getEventId(), row.getWorkspaceId(), row.getOrgId(),
                row.getAggregateId(), row.getEventType(), row.getActorType(), row.getActorId(),
                instant(row.getOccurredAt()), payloadOf(row.getPayload()));
    }

    private JsonNode payloadOf(JSON payload) {
        try {
            return objectMapper.readTree(payload.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entry payload is not JSON", e);
        }
    }
}
