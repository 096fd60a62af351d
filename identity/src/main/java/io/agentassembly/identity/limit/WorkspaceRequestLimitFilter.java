package io.agentassembly.identity.limit;

import io.agentassembly.identity.CallerAuthentication;
import io.agentassembly.identity.web.ProblemWriter;
import io.agentassembly.identity.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Bounds what one workspace's console users, API keys and SCIM tokens may ask of the REST and SCIM APIs on a
 * node, so that one tenant cannot take the CPU every other tenant's requests need: every request counts against {@code requests}, and the
 * operations that compile policies (apply, dry run) also against {@code costly}. Runs after authentication (the
 * caller's workspace is the subject); past a limit, 429 problem+json with Retry-After. Kept in this node's bounded
 * memory: a database write per request would itself be the load.
 */
public class WorkspaceRequestLimitFilter extends OncePerRequestFilter {

    /** POST paths (servlet paths) that parse and compile policy files. */
    static final Set<String> COSTLY = Set.of("/api/v1/policies", "/api/v1/policies/simulate");

    private static final Logger log = LoggerFactory.getLogger(WorkspaceRequestLimitFilter.class);

    /** How a refused request is answered (after Retry-After is set). */
    @FunctionalInterface
    public interface Refusal {
        void write(HttpServletRequest request, HttpServletResponse response, LimitExceededException refusal)
                throws IOException;
    }

    private final Limiter requests;
    private final Limiter costly;
    private final Refusal refusal;

    public WorkspaceRequestLimitFilter(Limiter requests, Limiter costly, ProblemWriter problems) {
        this(requests, costly, (request, response, refused) -> problems.write(request, response,
                Problems.of(refused.details())));
    }

    private WorkspaceRequestLimitFilter(Limiter requests, Limiter costly, Refusal refusal) {
        this.requests = requests;
        this.costly = costly;
        this.refusal = refusal;
    }

    /**
     * The same limits (the same per-workspace budget on this node) answering refusals another way: {@code /scim/v2}
     * answers SCIM errors. Not a bean, so never a servlet filter of its own.
     */
    public WorkspaceRequestLimitFilter answering(Refusal other) {
        return new WorkspaceRequestLimitFilter(requests, costly, other);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String workspace = authentication instanceof CallerAuthentication caller
                ? caller.getPrincipal().workspaceId() : null;
        if (workspace == null) {
            chain.doFilter(request, response);
            return;
        }
        if (refused(requests, workspace, request, response, "requests")
                || "POST".equals(request.getMethod()) && COSTLY.contains(request.getServletPath())
                && refused(costly, workspace, request, response, "policy compilations (apply and simulate)")) {
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean refused(Limiter limit, String workspace, HttpServletRequest request, HttpServletResponse response,
                            String what) throws IOException {
        LimitOutcome outcome = limit.acquire(workspace);
        if (outcome.allowed()) {
            if (outcome.lockedUntil() != null) {
                log.warn("limit {} reached by workspace {}: locked until {}", limit, workspace, outcome.lockedUntil());
            }
            return false;
        }
        LimitExceededException refused = new LimitExceededException("your workspace sent too many " + what
                + " in a short time", outcome.retryAfterSeconds(limit.now()));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
        refusal.write(request, response, refused);
        return true;
    }
}
