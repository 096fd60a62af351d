package io.agentassembly.identity.auth;

import io.agentassembly.identity.Caller;
import io.agentassembly.identity.CallerAuthentication;
import io.agentassembly.identity.token.BearerSecret;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Resolves the bearer credential of a {@code /scim/v2} request, which must be a SCIM token ({@code aasp_…}), to
 * {@link Caller#scim}: access tokens, API keys and operator credentials are refused there, as SCIM tokens are
 * everywhere else ({@link BearerAuthenticationProvider} does not know them).
 */
@Component
public class ScimTokenAuthenticationProvider implements AuthenticationProvider {

    private final CredentialLookup credentials;

    public ScimTokenAuthenticationProvider(CredentialLookup credentials) {
        this.credentials = credentials;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        Caller caller = BearerSecret.parse(BearerSecret.SCIM_TOKEN, token)
                .flatMap(credentials::scimTokenCaller)
                .orElseThrow(() -> new InvalidBearerTokenException("the SCIM token is invalid, rotated or revoked"));
        var result = new CallerAuthentication(caller);
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
