package io.agentassembly.policy.engine;

import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.EnforcementMode;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyScope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compiled, immutable set of a workspace's active documents, indexed by scope so that a decision touches
 * only the documents on the agent's lineage (global → org → team → agent). Safe to share between threads;
 * the gateway swaps a whole cascade atomically when a policy changes.
 *
 * <p>Merge: each applicable ENFORCE document decides on its own; the most restrictive outcome wins
 * (DENY > PENDING > REDACT > ALLOW), and the first DENY in cascade order ends the evaluation. {@code limit_per_hour}
 * takes the minimum across the cascade and is counted once per call through the {@link RateCounter}. Network
 * allowlists intersect (a host must pass every document that has one). No applicable document → DENY
 * "no policy in force" with rule {@code default_deny}. Only OBSERVE documents → ALLOW with the shadow outcome.
 * DISABLED documents are listed in the trace and never applied.
 *
 * <p>Cascade order: global, org, team, agent documents, each level by name. Within a level, PENDING and REDACT
 * are decided by the first document in that order (REDACT unions every document's redactions); ALLOW names the
 * most specific applicable ENFORCE document ({@code <name>/allow}). A document's {@code tools} entry for a tool is
 * its exact key, else its longest matching glob. Rate limits are checked after everything else and only when the
 * answer is not DENY; OBSERVE documents' limits are not counted.
 */
public final class PolicyCascade {

    private static final CompiledPolicy[] NONE = new CompiledPolicy[0];
    private static final Comparator<ParsedPolicy> CASCADE_ORDER = Comparator
            .comparing((ParsedPolicy p) -> p.document().scope().level())
            .thenComparing(ParsedPolicy::name)
            .thenComparing(ParsedPolicy::digest);

    public static final PolicyCascade EMPTY = compile(List.of(), ConditionLimits.DEFAULT);

    private final List<ParsedPolicy> documents;
    private final CompiledPolicy[] compiled;
    private final TraceEntry[] notApplied;

    private final CompiledPolicy[] global;
    private final Map<String, CompiledPolicy[]> byOrg;
    private final Map<String, CompiledPolicy[]> byTeam;
    private final Map<String, Map<String, CompiledPolicy[]>> byOrgTeam;
    private final Map<String, CompiledPolicy[]> byAgent;
    private final Map<String, Map<String, Map<String, CompiledPolicy[]>>> byOrgTeamAgent;

    private PolicyCascade(List<ParsedPolicy> ordered, ConditionLimits conditionLimits) {
        this.documents = List.copyOf(ordered);
        this.compiled = new CompiledPolicy[ordered.size()];
        this.notApplied = new TraceEntry[ordered.size()];
        List<CompiledPolicy> globals = new ArrayList<>();
        Map<String, List<CompiledPolicy>> orgs = new HashMap<>();
        Map<String, List<CompiledPolicy>> teams = new HashMap<>();
        Map<String, Map<String, List<CompiledPolicy>>> orgTeams = new HashMap<>();
        Map<String, List<CompiledPolicy>> agents = new HashMap<>();
        Map<String, Map<String, Map<String, List<CompiledPolicy>>>> orgTeamAgents = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            CompiledPolicy policy = new CompiledPolicy(ordered.get(i), i, conditionLimits);
            compiled[i] = policy;
            notApplied[i] = policy.notApplied;
            if (policy.mode == EnforcementMode.DISABLED) {
                continue;
            }
            PolicyScope scope = policy.scope;
            switch (scope.level()) {
                case GLOBAL -> globals.add(policy);
                case ORG -> orgs.computeIfAbsent(scope.orgId(), k -> new ArrayList<>()).add(policy);
                case TEAM -> (scope.orgId() == null ? teams
                        : orgTeams.computeIfAbsent(scope.orgId(), k -> new HashMap<>()))
                        .computeIfAbsent(scope.teamId(), k -> new ArrayList<>()).add(policy);
                case AGENT -> (scope.orgId() == null ? agents
                        : orgTeamAgents.computeIfAbsent(scope.orgId(), k -> new HashMap<>())
                                .computeIfAbsent(scope.teamId(), k -> new HashMap<>()))
                        .computeIfAbsent(scope.agentId(), k -> new ArrayList<>()).add(policy);
            }
        }
        this.global = globals.toArray(NONE);
        this.byOrg = freeze(orgs);
        this.byTeam = freeze(teams);
        this.byOrgTeam = freezeNested(orgTeams);
        this.byAgent = freeze(agents);
        Map<String, Map<String, Map<String, CompiledPolicy[]>>> frozen = new HashMap<>();
        orgTeamAgents.forEach((org, teamMap) -> frozen.put(org, freezeNested(teamMap)));
        this.byOrgTeamAgent = frozen;
    }

    /** {@link #compile(List, ConditionLimits)} with the default condition limits. */
    public static PolicyCascade compile(List<ParsedPolicy> documents) {
        return compile(documents, ConditionLimits.DEFAULT);
    }

    /**
     * Compiles documents that already passed {@link io.agentassembly.policy.PolicyParser} (with the same
     * {@code conditionLimits}, which also bound the conditions' evaluation).
     */
    public static PolicyCascade compile(List<ParsedPolicy> documents, ConditionLimits conditionLimits) {
        List<ParsedPolicy> ordered = new ArrayList<>(documents);
        ordered.sort(CASCADE_ORDER);
        return new PolicyCascade(ordered, conditionLimits);
    }

    public PolicyEvaluation evaluate(AgentLineage agent, ActionInput action, Instant now, RateCounter rates) {
        Objects.requireNonNull(action.kind(), "action kind");
        CompiledPolicy[] applicable = applicable(agent);
        TraceEntry[] trace = notApplied.clone();
        List<TraceEntry> traceList = Collections.unmodifiableList(Arrays.asList(trace));
        if (applicable.length == 0) {
            return new PolicyEvaluation(Outcome.DENY, "no policy in force", "default_deny", null, null, List.of(),
                    null, traceList);
        }

        ActionCall call = new ActionCall(agent, action, now);
        Merge enforced = new Merge();
        Merge all = new Merge();
        CompiledPolicy mostSpecificEnforce = null;
        CompiledPolicy mostSpecificObserve = null;
        for (CompiledPolicy policy : applicable) {
            boolean enforce = policy.mode == EnforcementMode.ENFORCE;
            if (enforce) {
                mostSpecificEnforce = policy;
            } else {
                mostSpecificObserve = policy;
            }
            if (enforced.denied() || !enforce && all.denied()) {
                trace[policy.ordinal] = policy.notEvaluated;
                continue;
            }
            Verdict verdict = policy.decide(call);
            trace[policy.ordinal] = verdict.trace;
            if (enforce) {
                enforced.add(verdict);
            }
            all.add(verdict);
        }

        if (mostSpecificEnforce != null && !enforced.denied() && action.kind() == ActionKind.TOOL_CALL) {
            checkRateLimit(applicable, call, rates, enforced, all, trace);
        }

        PolicyEvaluation.Shadow shadow = null;
        if (mostSpecificObserve != null) {
            Verdict decisive = all.decisive.outcome == Outcome.ALLOW ? applicable[applicable.length - 1].allow
                    : all.decisive;
            shadow = new PolicyEvaluation.Shadow(decisive.outcome, decisive.reason, decisive.rule,
                    decisive.policy.digest);
        }
        if (mostSpecificEnforce == null) {
            CompiledPolicy observer = mostSpecificObserve;
            return new PolicyEvaluation(Outcome.ALLOW, "only observe-mode policies apply; "
                    + shadow.outcome() + " recorded, not enforced", observer.name + "/observe", observer.name,
                    observer.digest, List.of(), shadow, traceList);
        }
        Verdict decisive = enforced.decisive.outcome == Outcome.ALLOW ? mostSpecificEnforce.allow : enforced.decisive;
        return new PolicyEvaluation(decisive.outcome, decisive.reason, decisive.rule, decisive.policy.name,
                decisive.policy.digest, enforced.redactions(), shadow, traceList);
    }

    /** The lowest {@code limit_per_hour} of the applicable ENFORCE documents for this tool, counted once. */
    private static void checkRateLimit(CompiledPolicy[] applicable, ActionCall call, RateCounter rates,
                                       Merge enforced, Merge all, TraceEntry[] trace) {
        CompiledPolicy limiter = null;
        CompiledPolicy.ToolRule lowest = null;
        for (CompiledPolicy policy : applicable) {
            if (policy.mode != EnforcementMode.ENFORCE) {
                continue;
            }
            CompiledPolicy.ToolRule rule = policy.toolRule(call.toolName);
            if (rule != null && rule.limitPerHour != null
                    && (lowest == null || rule.limitPerHour < lowest.limitPerHour)) {
                limiter = policy;
                lowest = rule;
            }
        }
        if (lowest == null) {
            return;
        }
        RateCounter.Admission admission = rates.tryAcquire(call.agent.agentKey(), call.toolName, lowest.limitPerHour,
                call.now);
        if (admission != RateCounter.Admission.COUNTED) {
            Verdict refused = limiter.notCounted(lowest, call.toolName, admission);
            trace[limiter.ordinal] = refused.trace;
            enforced.add(refused);
            all.add(refused);
        }
    }

    /** The non-disabled documents whose scope matches the agent, in cascade order. */
    private CompiledPolicy[] applicable(AgentLineage agent) {
        String org = agent.orgId();
        String team = agent.teamId();
        String id = agent.agentId();
        CompiledPolicy[] orgLevel = org == null ? NONE : byOrg.getOrDefault(org, NONE);
        CompiledPolicy[] teamLevel = team == null ? NONE : byTeam.getOrDefault(team, NONE);
        CompiledPolicy[] orgTeamLevel = org == null || team == null ? NONE
                : byOrgTeam.getOrDefault(org, Map.of()).getOrDefault(team, NONE);
        CompiledPolicy[] agentLevel = id == null ? NONE : byAgent.getOrDefault(id, NONE);
        CompiledPolicy[] fullAgentLevel = org == null || team == null || id == null ? NONE
                : byOrgTeamAgent.getOrDefault(org, Map.of()).getOrDefault(team, Map.of()).getOrDefault(id, NONE);
        int count = global.length + orgLevel.length + teamLevel.length + orgTeamLevel.length + agentLevel.length
                + fullAgentLevel.length;
        CompiledPolicy[] result = new CompiledPolicy[count];
        int n = append(result, 0, global);
        n = append(result, n, orgLevel);
        n = append(result, n, teamLevel);
        n = append(result, n, orgTeamLevel);
        n = append(result, n, agentLevel);
        n = append(result, n, fullAgentLevel);
        // unqualified and qualified documents of one level interleave by name: restore cascade order
        for (int i = 1; i < n; i++) {
            CompiledPolicy p = result[i];
            int j = i - 1;
            while (j >= 0 && result[j].ordinal > p.ordinal) {
                result[j + 1] = result[j];
                j--;
            }
            result[j + 1] = p;
        }
        return result;
    }

    private static int append(CompiledPolicy[] into, int at, CompiledPolicy[] level) {
        System.arraycopy(level, 0, into, at, level.length);
        return at + level.length;
    }

    /** The documents in force for the agent: not disabled, scope matching its lineage, in cascade order. */
    public List<ParsedPolicy> inForce(AgentLineage agent) {
        CompiledPolicy[] applicable = applicable(agent);
        List<ParsedPolicy> result = new ArrayList<>(applicable.length);
        for (CompiledPolicy policy : applicable) {
            result.add(policy.source);
        }
        return result;
    }

    /** The documents compiled into this cascade, in cascade order. */
    public List<ParsedPolicy> documents() {
        return documents;
    }

    private static Map<String, CompiledPolicy[]> freeze(Map<String, List<CompiledPolicy>> lists) {
        Map<String, CompiledPolicy[]> frozen = new HashMap<>();
        lists.forEach((key, list) -> frozen.put(key, list.toArray(NONE)));
        return frozen;
    }

    private static Map<String, Map<String, CompiledPolicy[]>> freezeNested(
            Map<String, Map<String, List<CompiledPolicy>>> nested) {
        Map<String, Map<String, CompiledPolicy[]>> frozen = new HashMap<>();
        nested.forEach((key, lists) -> frozen.put(key, freeze(lists)));
        return frozen;
    }

    /** The most restrictive verdict so far (the first of its outcome), with REDACT's redactions unioned. */
    private static final class Merge {
        Verdict decisive;
        private LinkedHashMap<String, Redaction> unionedRedactions;

        void add(Verdict verdict) {
            if (decisive == null || verdict.outcome.compareTo(decisive.outcome) > 0) {
                decisive = verdict;
                unionedRedactions = null;
            } else if (verdict.outcome == Outcome.REDACT && decisive.outcome == Outcome.REDACT) {
                if (unionedRedactions == null) {
                    unionedRedactions = new LinkedHashMap<>();
                    decisive.redactions.forEach(r -> unionedRedactions.put(r.fieldPath(), r));
                }
                verdict.redactions.forEach(r -> unionedRedactions.putIfAbsent(r.fieldPath(), r));
            }
        }

        boolean denied() {
            return decisive != null && decisive.outcome == Outcome.DENY;
        }

        List<Redaction> redactions() {
            if (decisive.outcome != Outcome.REDACT) {
                return List.of();
            }
            return unionedRedactions == null ? decisive.redactions : List.copyOf(unionedRedactions.values());
        }
    }
}
