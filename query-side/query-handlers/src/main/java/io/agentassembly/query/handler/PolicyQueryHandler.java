package io.agentassembly.query.handler;

import io.agentassembly.query.api.PolicyQueries.FindPolicyQuery;
import io.agentassembly.query.api.PolicyQueries.FindPolicyVersionQuery;
import io.agentassembly.query.api.PolicyQueries.ListPoliciesQuery;
import io.agentassembly.query.api.PolicyQueries.ListPolicyVersionsQuery;
import io.agentassembly.query.api.PolicyQueries.PolicyDetails;
import io.agentassembly.query.api.PolicyQueries.PolicySummary;
import io.agentassembly.query.api.PolicyQueries.PolicyVersionView;
import io.agentassembly.schema.jooq.tables.records.PolicyViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.POLICY_VERSION_VIEW;
import static io.agentassembly.schema.jooq.Tables.POLICY_VIEW;

/** Policies of a workspace by name. Every lookup matches the workspace as well: no reads across tenants. */
@Component
public class PolicyQueryHandler {

    private final DSLContext db;

    public PolicyQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<PolicySummary> handle(ListPoliciesQuery query) {
        return db.selectFrom(POLICY_VIEW)
                .where(POLICY_VIEW.WORKSPACE_ID.eq(query.workspaceId()).and(POLICY_VIEW.DELETED.isFalse()))
                .orderBy(POLICY_VIEW.NAME)
                .fetch(PolicyQueryHandler::summary);
    }

    @QueryHandler
    public Optional<PolicyDetails> handle(FindPolicyQuery query) {
        return db.select(POLICY_VIEW.fields()).select(POLICY_VERSION_VIEW.SOURCE)
                .from(POLICY_VIEW)
                .join(POLICY_VERSION_VIEW).on(POLICY_VERSION_VIEW.POLICY_ID.eq(POLICY_VIEW.POLICY_ID)
                        .and(POLICY_VERSION_VIEW.VERSION.eq(POLICY_VIEW.CURRENT_VERSION)))
                .where(live(query.workspaceId(), query.name()))
                .fetchOptional(row -> {
                    PolicySummary s = summary(row.into(POLICY_VIEW));
                    return new PolicyDetails(s.policyId(), s.name(), s.scope(), s.orgId(), s.enforcementMode(),
                            s.active(), s.version(), s.digest(), s.createdAt(), s.updatedAt(),
                            row.get(POLICY_VERSION_VIEW.SOURCE));
                });
    }

    @QueryHandler
    public List<PolicyVersionView> handle(ListPolicyVersionsQuery query) {
        return versions(DSL.inline((String) null), live(query.workspaceId(), query.name()))
                .orderBy(POLICY_VERSION_VIEW.VERSION.desc())
                .fetch(PolicyQueryHandler::version);
    }

    @QueryHandler
    public Optional<PolicyVersionView> handle(FindPolicyVersionQuery query) {
        return versions(POLICY_VERSION_VIEW.SOURCE, live(query.workspaceId(), query.name())
                .and(POLICY_VERSION_VIEW.VERSION.eq(query.version())))
                .fetchOptional(PolicyQueryHandler::version);
    }

    private SelectConditionStep<? extends Record> versions(Field<String> source, Condition condition) {
        return db.select(POLICY_VIEW.NAME, POLICY_VERSION_VIEW.VERSION, POLICY_VERSION_VIEW.DIGEST,
                        POLICY_VERSION_VIEW.SCOPE, POLICY_VERSION_VIEW.ORG_ID, POLICY_VERSION_VIEW.ENFORCEMENT_MODE,
                        POLICY_VERSION_VIEW.ROLLED_BACK_FROM, POLICY_VERSION_VIEW.CREATED_AT,
                        POLICY_VERSION_VIEW.CREATED_BY_TYPE, POLICY_VERSION_VIEW.CREATED_BY, source.as("source"))
                .from(POLICY_VIEW)
                .join(POLICY_VERSION_VIEW).on(POLICY_VERSION_VIEW.POLICY_ID.eq(POLICY_VIEW.POLICY_ID))
                .where(condition);
    }

    private static Condition live(String workspaceId, String name) {
        return POLICY_VIEW.WORKSPACE_ID.eq(workspaceId).and(POLICY_VIEW.NAME.eq(name))
                .and(POLICY_VIEW.DELETED.isFalse());
    }

    private static PolicySummary summary(PolicyViewRecord row) {
        return new PolicySummary(row.getPolicyId(), row.getName(), row.getScope(), row.getOrgId(),
                row.getEnforcementMode(), row.getActive(), row.getCurrentVersion(), row.getDigest(),
                instant(row.getCreatedAt()), instant(row.getUpdatedAt()));
    }

    private static PolicyVersionView version(Record row) {
        return new PolicyVersionView(row.get(POLICY_VIEW.NAME), row.get(POLICY_VERSION_VIEW.VERSION),
                row.get(POLICY_VERSION_VIEW.DIGEST), row.get(POLICY_VERSION_VIEW.SCOPE),
                row.get(POLICY_VERSION_VIEW.ORG_ID), row.get(POLICY_VERSION_VIEW.ENFORCEMENT_MODE),
                row.get(POLICY_VERSION_VIEW.ROLLED_BACK_FROM), instant(row.get(POLICY_VERSION_VIEW.CREATED_AT)),
                row.get(POLICY_VERSION_VIEW.CREATED_BY_TYPE), row.get(POLICY_VERSION_VIEW.CREATED_BY),
                row.get("source", String.class));
    }
}
