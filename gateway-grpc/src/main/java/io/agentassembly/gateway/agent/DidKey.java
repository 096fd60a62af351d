package io.agentassembly.gateway.agent;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An Ed25519 {@code did:key}: {@code "did:key:z"} + base58btc(multicodec ed25519-pub {@code 0xed 0x01} + the
 * 32-byte public key).
 */
public final class DidKey {

    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    private static final String PREFIX = "did:key:z";
    private static final byte[] ED25519_PUB = {(byte) 0xed, 0x01};

    private final byte[] publicKey;
    private final String value;

    private DidKey(byte[] publicKey) {
        this.publicKey = publicKey.clone();
        byte[] multicodec = new byte[ED25519_PUB.length + KEY_LENGTH];
        System.arraycopy(ED25519_PUB, 0, multicodec, 0, ED25519_PUB.length);
        System.arraycopy(publicKey, 0, multicodec, ED25519_PUB.length, KEY_LENGTH);
        this.value = PREFIX + Base58.encode(multicodec);
    }

    /** @throws IllegalArgumentException unless {@code publicKey} is 32 bytes */
    public static DidKey of(byte[] publicKey) {
        if (publicKey == null || publicKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        return new DidKey(publicKey);
    }

    /** The did:key of a 32-byte key in hex (either case), if it is one. */
    public static Optional<DidKey> ofHex(String publicKeyHex) {
        if (publicKeyHex == null || publicKeyHex.length() != 2 * KEY_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(HexFormat.of().parseHex(publicKeyHex)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An Ed25519 did:key, if {@code did} is one. */
    public static Optional<DidKey> parse(String did) {
        if (did == null || !did.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base58.decode(did.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (decoded.length != ED25519_PUB.length + KEY_LENGTH || decoded[0] != ED25519_PUB[0] || decoded[1] != ED25519_PUB[1]) {
            return Optional.empty();
        }
        return Optional.of(new DidKey(Arrays.copyOfRange(decoded, ED25519_PUB.length, decoded.length)));
    }

    public String value() {
        return value;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /** Whether {@code signature} is this key's Ed25519 signature over {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException e) { // not a point on the curve
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DidKey other && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return value;
    }
}
