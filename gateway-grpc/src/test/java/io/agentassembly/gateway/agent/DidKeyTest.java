package io.agentassembly.gateway.agent;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class DidKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The example of the did:key spec (W3C CCG did-method-key, Ed25519 test vectors). */
    @Test
    void matchesTheSpecExample() {
        DidKey did = DidKey.parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp").orElseThrow();
        assertThat(DidKey.of(did.publicKey()).value()).isEqualTo("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
        assertThat(did.publicKey()).hasSize(32);
    }

    @Test
    void aGeneratedKeyRoundTripsThroughItsDidKey() {
        byte[] publicKey = new Ed25519PrivateKeyParameters(RANDOM).generatePublicKey().getEncoded();
        DidKey did = DidKey.of(publicKey);

        assertThat(did.value()).startsWith("did:key:z6Mk");
        assertThat(DidKey.parse(did.value())).contains(did);
        assertThat(DidKey.parse(did.value()).orElseThrow().publicKey()).isEqualTo(publicKey);
        String hex = HexFormat.of().formatHex(publicKey);
        assertThat(DidKey.ofHex(hex)).contains(did);
        assertThat(DidKey.ofHex(hex.toUpperCase(Locale.ROOT))).contains(did);
        assertThat(did.publicKeyHex()).isEqualTo(hex);
    }

    @Test
    void aDidKeyForOneKeyDoesNotMatchAnother() {
        DidKey one = DidKey.of(new Ed25519PrivateKeyParameters(RANDOM).generatePublicKey().getEncoded());
        DidKey other = DidKey.of(new Ed25519PrivateKeyParameters(RANDOM).generatePublicKey().getEncoded());
        assertThat(one).isNotEqualTo(other);
        assertThat(one.value()).isNotEqualTo(other.value());
        assertThat(DidKey.parse(one.value()).orElseThrow().publicKeyHex()).isNotEqualTo(other.publicKeyHex());
    }

    @Test
    void rejectsWhatIsNotAnEd25519DidKey() {
        assertThat(DidKey.parse(null)).isEmpty();
        assertThat(DidKey.parse("planner")).isEmpty();
        assertThat(DidKey.parse("did:key:z0OIl")).isEmpty();
        // secp256k1 (multicodec 0xe7 0x01)
        assertThat(DidKey.parse("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")).isEmpty();
        assertThat(DidKey.ofHex("abcd")).isEmpty();
        assertThat(DidKey.ofHex("zz".repeat(32))).isEmpty();
    }

    @Test
    void verifiesOnlyTheKeysOwnSignature() {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
        Ed25519PrivateKeyParameters otherKey = new Ed25519PrivateKeyParameters(RANDOM);
        DidKey did = DidKey.of(key.generatePublicKey().getEncoded());
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);

        assertThat(did.verifies(nonce, sign(key, nonce))).isTrue();
        assertThat(did.verifies(nonce, sign(otherKey, nonce))).isFalse();
        byte[] tampered = nonce.clone();
        tampered[0] ^= 1;
        assertThat(did.verifies(tampered, sign(key, nonce))).isFalse();
        assertThat(did.verifies(nonce, new byte[0])).isFalse();
        assertThat(did.verifies(nonce, new byte[64])).isFalse();
    }

    static byte[] sign(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
