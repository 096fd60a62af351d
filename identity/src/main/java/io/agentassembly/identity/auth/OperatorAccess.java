package io.agentassembly.identity.auth;

import io.agentassembly.identity.IdentityProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * The operator API ({@code /api/v1/operator/**}) and the management endpoints other than health answer only an
 * operator credential: {@code Authorization: Bearer <operator token>}, whose SHA-256 is configured in
 * {@code AASM_OPERATOR_TOKEN_SHA256}. Without one configured they are closed to everybody; this says so, at start
 * and to whoever is refused.
 */
@Component
public class OperatorAccess {

    private static final Logger log = LoggerFactory.getLogger(OperatorAccess.class);

    public static final String NOT_CONFIGURED = "no operator credential is configured on this server, so the operator"
            + " API and the management endpoints (except health) are closed: set AASM_OPERATOR_TOKEN_SHA256"
            + " (aasm.security.operator-token-sha256) to the SHA-256 hex digest of an operator token, then send"
            + " Authorization: Bearer <operator token>";

    private final boolean configured;
    private final RequestMatcher operatorOnly = new OrRequestMatcher(
            EndpointRequest.toAnyEndpoint().excluding(HealthEndpoint.class),
            PathPatternRequestMatcher.withDefaults().matcher("/api/v1/operator/**"));

    public OperatorAccess(IdentityProperties properties) {
        this.configured = !properties.operatorTokenSha256().isEmpty();
    }

    @EventListener(ApplicationStartedEvent.class)
    void warnWhenNotConfigured() {
        if (!configured) {
            log.warn("{}.", NOT_CONFIGURED.substring(0, 1).toUpperCase() + NOT_CONFIGURED.substring(1));
        }
    }

    /** What a request without a valid credential is told. */
    public String unauthenticatedDetail(HttpServletRequest request) {
        if (!configured && operatorOnly.matches(request)) {
            return NOT_CONFIGURED;
        }
        return "send a valid bearer token (access token, API key or operator credential) in the Authorization header";
    }
}
