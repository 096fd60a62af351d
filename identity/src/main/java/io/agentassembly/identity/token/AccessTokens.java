package io.agentassembly.identity.token;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Short-lived signed access tokens (JWT, HS256): the app is its own issuer and the REST API, a resource
 * server, validates them. Claims: {@code sub} user, {@code ws} workspace, {@code sid} session.
 */
public final class AccessTokens {

    public static final String WORKSPACE_CLAIM = "ws";
    public static final String SESSION_CLAIM = "sid";
    /** Clocks of the signer and of a verifier may differ by this much. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final OAuth2Error EXPIRED = new OAuth2Error("invalid_token", "expired", null);

    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder decoder;

    public AccessTokens(PlatformKey key, String issuer, Duration lifetime) {
        this(key, issuer, lifetime, Clock.systemUTC());
    }

    /** Tokens issued and checked at {@code clock}'s time. */
    public AccessTokens(PlatformKey key, String issuer, Duration lifetime, Clock clock) {
        SecretKey secretKey = new SecretKeySpec(key.derive("jwt-hs256"), "HmacSHA256");
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(secretKey));
        this.decoder = NimbusJwtDecoder.withSecretKey(secretKey).macAlgorithm(MacAlgorithm.HS256).build();
        JwtTimestampValidator notBefore = new JwtTimestampValidator(CLOCK_SKEW);
        notBefore.setClock(clock);
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtIssuerValidator(issuer), this::notExpired, notBefore));
    }

    /**
     * True when decoding failed only because the token's lifetime is over: its signature (checked before any
     * claim) is this platform's, so the holder had a valid token and may refresh it.
     */
    public static boolean isExpired(JwtValidationException e) {
        return e.getErrors().contains(EXPIRED);
    }

    private OAuth2TokenValidatorResult notExpired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt != null && !clock.instant().isBefore(expiresAt.plus(CLOCK_SKEW))
                ? OAuth2TokenValidatorResult.failure(EXPIRED) : OAuth2TokenValidatorResult.success();
    }

    public String issue(String userId, String workspaceId, String sessionId) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject(userId)
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .id(UUID.randomUUID().toString())
                .claim(WORKSPACE_CLAIM, workspaceId)
                .claim(SESSION_CLAIM, sessionId)
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    public Duration lifetime() {
        return lifetime;
    }

    public JwtDecoder decoder() {
        return decoder;
    }
}
