package io.agentassembly.app.alert;

import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.identity.token.SecretSealer;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals and opens the URL and signing secret of an alert destination, each bound to its destination and purpose
 * (the associated data), and generates signing secrets: {@code aasw_} + 32 random bytes, base64url.
 */
@Component
public class AlertSealing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretSealer sealer;

    public AlertSealing(SecretSealer sealer) {
        this.sealer = sealer;
    }

    public static String newSigningSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "aasw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public SealedSecret sealUrl(String destinationId, String url) {
        return sealer.seal(url, urlContext(destinationId));
    }

    public String openUrl(String destinationId, String sealed) {
        return sealer.unseal(new SealedSecret(sealed), urlContext(destinationId));
    }

    public SealedSecret sealSigningSecret(String destinationId, String secret) {
        return sealer.seal(secret, signingContext(destinationId));
    }

    public String openSigningSecret(String destinationId, String sealed) {
        return sealer.unseal(new SealedSecret(sealed), signingContext(destinationId));
    }

    private static String urlContext(String destinationId) {
        return "alert-destination:" + destinationId + ":url";
    }

    private static String signingContext(String destinationId) {
        return "alert-destination:" + destinationId + ":signing-secret";
    }
}
