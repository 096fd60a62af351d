package io.agentassembly.identity.token;

import io.agentassembly.command.api.common.SealedSecret;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static PlatformKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return PlatformKey.fromBase64(Base64.getEncoder().encodeToString(key));
    }

    private final SecretSealer sealer = new SecretSealer(randomKey());

    @Test
    void sealsWithAFreshNonceAndOpensOnlyInTheSamePlaceWithTheSameKey() {
        String url = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX";
        SealedSecret first = sealer.seal(url, "alert-destination:dst-1:url");
        SealedSecret second = sealer.seal(url, "alert-destination:dst-1:url");

        assertThat(first.value()).startsWith("v1.").doesNotContain("secret").isNotEqualTo(second.value());
        assertThat(first.toString()).doesNotContain(first.value());
        assertThat(sealer.unseal(first, "alert-destination:dst-1:url")).isEqualTo(url);
        assertThatThrownBy(() -> sealer.unseal(first, "alert-destination:dst-2:url"))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining(url);
        assertThatThrownBy(() -> new SecretSealer(randomKey()).unseal(first, "alert-destination:dst-1:url"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAlteredOrForeignValues() {
        SealedSecret sealed = sealer.seal("s3cret", "ctx");
        char[] chars = sealed.value().toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> sealer.unseal(new SealedSecret(new String(chars)), "ctx"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.unseal(new SealedSecret("plain"), "ctx")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.unseal(new SealedSecret("v1.%%%"), "ctx")).isInstanceOf(IllegalStateException.class);
    }
}
