package io.agentassembly.audit.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the chain's digest, with one reusable instance per thread. */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> PER_THREAD = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] of(byte[] bytes) {
        return PER_THREAD.get().digest(bytes);
    }

    /** This thread's instance, reset; for digests fed in parts. */
    public static MessageDigest perThread() {
        MessageDigest digest = PER_THREAD.get();
        digest.reset();
        return digest;
    }
}
