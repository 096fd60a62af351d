package io.agentassembly.identity.limit;

import io.agentassembly.identity.web.ProblemWriter;
import io.agentassembly.identity.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Limits POSTs to the public endpoints per client address ({@code request.getRemoteAddr()}, see
 * docs/operations.md for proxies) before anything else runs: past the limit, 429 problem+json with
 * Retry-After. Every request counts, valid or not.
 */
public class PublicEndpointLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PublicEndpointLimitFilter.class);

    private final Map<String, Limiter> limitsByPath;
    private final ProblemWriter problems;

    public PublicEndpointLimitFilter(Map<String, Limiter> limitsByPath, ProblemWriter problems) {
        this.limitsByPath = Map.copyOf(limitsByPath);
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !limitsByPath.containsKey(request.getServletPath());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Limiter limit = limitsByPath.get(request.getServletPath());
        String address = ClientAddresses.of(request.getRemoteAddr());
        LimitOutcome outcome = limit.acquire(address);
        if (outcome.allowed()) {
            if (outcome.lockedUntil() != null) {
                log.warn("limit {} reached by client address {}: locked until {}", limit, address, outcome.lockedUntil());
            }
            chain.doFilter(request, response);
            return;
        }
        LimitExceededException refusal = new LimitExceededException("too many requests to "
                + request.getServletPath() + " from your network address", outcome.retryAfterSeconds(limit.now()));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        problems.write(request, response, Problems.of(refusal.details()));
    }
}
