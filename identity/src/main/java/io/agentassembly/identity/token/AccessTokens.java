package io.agentassembly.identity.token;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
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

    private final String issuer;
    private final Duration lifetime;
    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder decoder;

    public AccessTokens(PlatformKey key, String issuer, Duration lifetime) {
        SecretKey secretKey = new SecretKeySpec(key.derive("jwt-hs256"), "HmacSHA256");
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(secretKey));
        this.decoder = NimbusJwtDecoder.withSecretKey(secretKey).macAlgorithm(MacAlgorithm.HS256).build();
        this.decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
    }

    public String issue(String userId, String workspaceId, String sessionId) {
        Instant now = Instant.now();
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
