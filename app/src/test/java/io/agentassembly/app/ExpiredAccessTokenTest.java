package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.token.AccessTokens;
import io.agentassembly.identity.token.PlatformKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An expired access token says so — {@code error_description="expired"}, code ACCESS_TOKEN_EXPIRED and the refresh
 * endpoint — while a token that is garbled, foreign or unknown is only "invalid". The expired token is a real one:
 * signed with the app's key for the member's live session by a signer whose clock runs behind.
 */
class ExpiredAccessTokenTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private PlatformKey platformKey;
    @Autowired
    private IdentityProperties identity;

    private Member owner;

    @BeforeEach
    void owner() {
        owner = tenants.signUp("pro");
    }

    @Test
    void anExpiredAccessTokenIsToldToRefresh() throws IOException {
        String expired = signedAgo(identity.accessTokenLifetime().plus(AccessTokens.CLOCK_SKEW).plusMinutes(1));

        Api.Response response = api.get("/api/v1/auth/me", expired);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate"))
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"expired\"");
        assertThat(response.text("code")).isEqualTo("ACCESS_TOKEN_EXPIRED");
        assertThat(response.text("refresh")).isEqualTo("/api/v1/auth/refresh");
        assertThat(response.text("detail")).contains("/api/v1/auth/refresh");

        Api.Response refreshed = api.post("/api/v1/auth/refresh", null, json("refresh_token", owner.refreshToken()));
        assertThat(refreshed.status()).as(refreshed.body().toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me", refreshed.text("access_token")).status()).isEqualTo(200);
    }

    @Test
    void aTokenStillWithinItsLifetimeAndTheClockSkewIsAccepted() throws IOException {
        String young = signedAgo(identity.accessTokenLifetime().minusMinutes(1));

        assertThat(api.get("/api/v1/auth/me", young).status()).isEqualTo(200);
    }

    @Test
    void garbledForeignAndUnknownTokensAreInvalidNotExpired() throws IOException {
        String token = owner.accessToken();
        int signature = token.lastIndexOf('.') + 1;
        String garbled = token.substring(0, signature) + (token.charAt(signature) == 'A' ? 'B' : 'A')
                + token.substring(signature + 1);
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        String foreign = new AccessTokens(PlatformKey.fromBase64(Base64.getEncoder().encodeToString(otherKey)),
                identity.issuer(), identity.accessTokenLifetime(),
                Clock.offset(Clock.systemUTC(), identity.accessTokenLifetime().multipliedBy(-2)))
                .issue(owner.userId(), owner.workspaceId(), claim(token, "sid"));

        for (String bad : new String[]{garbled, foreign, "no-such-token", "a.b.c"}) {
            Api.Response response = api.get("/api/v1/auth/me", bad);
            assertThat(response.status()).as(bad).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(bad)
                    .isEqualTo("Bearer error=\"invalid_token\", error_description=\"invalid\"");
            assertThat(response.text("code")).as(bad).isEqualTo("AUTHENTICATION_FAILED");
        }
        Api.Response none = api.get("/api/v1/auth/me", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).as("no token sent: the bare challenge").isEqualTo("Bearer");
    }

    /** A token for the owner's live session from the app's own signer, its clock set back by {@code age}. */
    private String signedAgo(Duration age) throws IOException {
        AccessTokens behind = new AccessTokens(platformKey, identity.issuer(), identity.accessTokenLifetime(),
                Clock.offset(Clock.systemUTC(), age.negated()));
        return behind.issue(owner.userId(), owner.workspaceId(), claim(owner.accessToken(), "sid"));
    }

    private static String claim(String jwt, String name) throws IOException {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return claims.path(name).asText();
    }
}
