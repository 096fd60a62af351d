package io.agentassembly.identity.auth;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** An access token this platform signed whose lifetime is over: its holder should refresh it, not sign in again. */
public class ExpiredAccessTokenException extends InvalidBearerTokenException {

    public ExpiredAccessTokenException() {
        super("the access token has expired");
    }
}
