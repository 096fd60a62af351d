package io.agentassembly.identity.auth;

import io.agentassembly.identity.Caller;
import io.agentassembly.identity.CallerAuthentication;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.token.AccessTokens;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Resolves every bearer credential to a {@link Caller}: personal API keys ({@code aask_…}), access tokens
 * (JWT) checked against their live session, and operator credentials (by SHA-256 digest from configuration).
 * The caller's role is read fresh on every request, so role changes and deactivation apply at once.
 */
@Component
public class BearerAuthenticationProvider implements AuthenticationProvider {

    private final CredentialLookup credentials;
    private final AccessTokens accessTokens;
    private final IdentityProperties properties;

    public BearerAuthenticationProvider(CredentialLookup credentials, AccessTokens accessTokens,
                                        IdentityProperties properties) {
        this.credentials = credentials;
        this.accessTokens = accessTokens;
        this.properties = properties;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        Caller caller = apiKey(token)
                .or(() -> operator(token))
                .or(() -> accessToken(token))
                .orElseThrow(() -> new InvalidBearerTokenException("the bearer token is invalid, expired or revoked"));
        var result = new CallerAuthentication(caller);
        result.setDetails(authentication.getDetails());
        return result;
    }

    private Optional<Caller> apiKey(String token) {
        return BearerSecret.parse(BearerSecret.API_KEY, token).flatMap(credentials::apiKeyCaller);
    }

    private Optional<Caller> operator(String token) {
        String digest = SecretTokens.sha256Hex(token);
        return properties.operatorTokenSha256().stream()
                .filter(configured -> SecretTokens.constantTimeEquals(configured.toLowerCase(), digest))
                .findFirst()
                .map(configured -> Caller.operator("operator-" + configured.substring(0, 12).toLowerCase()));
    }

    private Optional<Caller> accessToken(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        Jwt jwt;
        try {
            jwt = accessTokens.decoder().decode(token);
        } catch (JwtValidationException e) {
            if (AccessTokens.isExpired(e)) {
                throw new ExpiredAccessTokenException();
            }
            return Optional.empty();
        } catch (JwtException e) {
            return Optional.empty();
        }
        String sessionId = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
        String workspaceId = jwt.getClaimAsString(AccessTokens.WORKSPACE_CLAIM);
        if (sessionId == null || workspaceId == null || jwt.getSubject() == null) {
            return Optional.empty();
        }
        return credentials.sessionCaller(sessionId, jwt.getSubject(), workspaceId,
                Instant.now().minus(properties.sessionMaxLifetime()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
