package io.agentassembly.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code aasm.security.*}: the token key (base64, 32+ bytes; else a development key file), the access token
 * issuer and lifetimes, and the SHA-256 digests of operator credentials (operators are our own staff).
 * {@code refreshTokenLifetime} is a session's sliding expiry (each refresh extends it), {@code sessionMaxLifetime}
 * the absolute limit after sign-in that no refresh extends.
 */
@ConfigurationProperties("aasm.security")
public record IdentityProperties(String tokenKey, String tokenKeyFile, String issuer, Duration accessTokenLifetime,
                                 Duration refreshTokenLifetime, Duration sessionMaxLifetime,
                                 Duration emailLinkLifetime, List<String> operatorTokenSha256) {

    public IdentityProperties {
        tokenKeyFile = tokenKeyFile == null || tokenKeyFile.isBlank() ? ".aasm/token.key" : tokenKeyFile;
        issuer = issuer == null || issuer.isBlank() ? "aasm" : issuer;
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(15) : accessTokenLifetime;
        refreshTokenLifetime = refreshTokenLifetime == null ? Duration.ofDays(14) : refreshTokenLifetime;
        sessionMaxLifetime = sessionMaxLifetime == null ? Duration.ofDays(30) : sessionMaxLifetime;
        if (!sessionMaxLifetime.isPositive()) {
            throw new IllegalArgumentException("aasm.security.session-max-lifetime must be positive, e.g. 30d");
        }
        emailLinkLifetime = emailLinkLifetime == null ? Duration.ofDays(3) : emailLinkLifetime;
        operatorTokenSha256 = operatorTokenSha256 == null ? List.of()
                : operatorTokenSha256.stream().filter(s -> !s.isBlank()).map(String::trim).toList();
    }
}
