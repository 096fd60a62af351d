package io.agentassembly.identity.token;

import io.agentassembly.command.api.common.SealedSecret;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Encrypts secrets the platform must read back (alert destinations' Slack URLs and webhook signing secrets):
 * AES-256-GCM under a key derived from the platform key ({@link PlatformKey#derive}, purpose
 * {@value #PURPOSE}), a fresh 96-bit nonce per secret, and the secret's place (e.g. {@code
 * alert-destination:<id>:url}) as associated data, so a sealed value copied to another row or tenant does not
 * open. Format: {@code v1.} + base64url(nonce ‖ ciphertext ‖ tag). docs/security.md.
 */
public final class SecretSealer {

    static final String PURPOSE = "aasm-secret-sealing-v1";
    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(PlatformKey platformKey) {
        this.key = new SecretKeySpec(platformKey.derive(PURPOSE), "AES");
    }

    public SealedSecret seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return new SealedSecret(VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    /** The plaintext; IllegalStateException (naming no secret) when it was sealed elsewhere or tampered with. */
    public String unseal(SealedSecret sealed, String context) {
        if (sealed == null || sealed.value() == null || !sealed.value().startsWith(VERSION)) {
            throw new IllegalStateException("not a sealed secret of this platform");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(sealed.value().substring(VERSION.length()));
            if (in.length <= NONCE_BYTES) {
                throw new IllegalStateException("not a sealed secret of this platform");
            }
            byte[] nonce = java.util.Arrays.copyOfRange(in, 0, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, context);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the sealed secret does not open with this platform key "
                    + "(another key, another place, or altered)");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
