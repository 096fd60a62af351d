package io.agentassembly.identity.token;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The platform's token key: signs access tokens and the links sent by e-mail. From configuration
 * ({@code AASM_TOKEN_KEY}, base64, at least 32 bytes) or, for development, a key file generated once.
 * Purpose-specific keys are derived with HMAC so no two uses share a key.
 */
public final class PlatformKey {

    private static final Logger log = LoggerFactory.getLogger(PlatformKey.class);
    private static final int MIN_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final byte[] key;

    private PlatformKey(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("the token key must be at least " + MIN_BYTES + " bytes (base64 of 32 random bytes)");
        }
        this.key = key.clone();
    }

    public static PlatformKey fromBase64(String base64) {
        return new PlatformKey(Base64.getDecoder().decode(base64.trim()));
    }

    /**
     * Reads the key file, creating it with a fresh random key if missing: the file is created owner-only
     * ({@code rw-------}) before the key is written, and so are the directories it needs. An existing file that
     * group or others may read or write is refused: whoever reads it can sign access tokens for any user.
     */
    public static PlatformKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
                log.warn("No AASM_TOKEN_KEY configured: generated a development token key in {}. "
                        + "Set AASM_TOKEN_KEY in production.", file.toAbsolutePath());
            }
            requireOwnerOnly(file);
            return fromBase64(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the token key file " + file.toAbsolutePath(), e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] fresh = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(fresh);
        Path directory = file.toAbsolutePath().getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } else {
            Files.createDirectories(directory);
            Files.createFile(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IllegalStateException("the token key file " + file.toAbsolutePath() + " is accessible to group "
                    + "or others (" + PosixFilePermissions.toString(permissions) + "); run 'chmod 600 "
                    + file.toAbsolutePath() + "' or configure AASM_TOKEN_KEY");
        }
    }

    /** A 32-byte key for one purpose, derived from the platform key. */
    public byte[] derive(String purpose) {
        return hmac(key, purpose);
    }

    public byte[] mac(String purpose, String message) {
        return hmac(derive(purpose), message);
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
