package io.agentassembly.gateway.policy;

import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyParser;
import io.agentassembly.policy.engine.PolicyCascade;
import io.agentassembly.query.api.GatewayQueries.ActivePolicyView;
import io.agentassembly.query.api.GatewayQueries.FindActivePoliciesQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workspace's active policy documents from the read model (query bus), and how they are compiled: each
 * stored source is parsed again (it passed the same parser when it was applied) and the documents are compiled
 * into one {@link PolicyCascade}.
 */
public class ActivePolicies implements PolicyCascades.PolicySource {

    private static final Logger log = LoggerFactory.getLogger(ActivePolicies.class);

    private final QueryGateway queries;
    private final Duration timeout;

    public ActivePolicies(QueryGateway queries, Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    @Override
    public List<ActivePolicyView> activePolicies(String workspaceId) {
        try {
            return queries.query(new FindActivePoliciesQuery(workspaceId),
                    ResponseTypes.multipleInstancesOf(ActivePolicyView.class)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the active policies", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the active policies of workspace " + workspaceId, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("reading the active policies of workspace " + workspaceId + " timed out", e);
        }
    }

    /** {@link #compile(List, ConditionLimits)} with the default condition limits. */
    public static PolicyCascade compile(List<ActivePolicyView> policies) {
        return compile(policies, ConditionLimits.DEFAULT);
    }

    /** Throws (an {@link io.agentassembly.policy.InvalidPolicyException} among others) when a document does not compile. */
    public static PolicyCascade compile(List<ActivePolicyView> policies, ConditionLimits conditionLimits) {
        List<ParsedPolicy> documents = new ArrayList<>(policies.size());
        for (ActivePolicyView policy : policies) {
            for (ParsedPolicy parsed : PolicyParser.parse(policy.source(), formatOf(policy.source()), conditionLimits)) {
                if (!parsed.digest().equals(policy.digest())) {
                    log.warn("policy {} v{} parses to digest {}, stored as {}; deciding with the parsed one",
                            policy.name(), policy.version(), parsed.digest(), policy.digest());
                }
                documents.add(parsed);
            }
        }
        return PolicyCascade.compile(documents, conditionLimits);
    }

    /** JSON when the text starts with an object or array, else YAML. */
    public static PolicyParser.Format formatOf(String source) {
        String text = source.stripLeading();
        return text.startsWith("{") || text.startsWith("[") ? PolicyParser.Format.JSON : PolicyParser.Format.YAML;
    }
}
