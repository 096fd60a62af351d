package io.agentassembly.app.audit;

import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.identity.token.SecretSealer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each workspace's Ed25519 audit signing key (docs/adr/0026): made on first use, the private key sealed at rest
 * with {@link SecretSealer} (place {@code audit-signing-key:<workspace>}), the public key published as base64 of
 * its X.509 SubjectPublicKeyInfo encoding. Signatures are base64 (standard alphabet) over the UTF-8 bytes of the
 * canonical JSON that docs/audit.md gives for checkpoints and export manifests.
 */
@Component
public class AuditSigning {

    public record PublicKey(String workspaceId, String keyId, String algorithm, String publicKey) {
    }

    private record Key(String keyId, String publicKey, PrivateKey privateKey) {
    }

    private final JdbcTemplate jdbc;
    private final SecretSealer sealer;
    private final ConcurrentMap<String, Key> keys = new ConcurrentHashMap<>();

    public AuditSigning(JdbcTemplate jdbc, SecretSealer sealer) {
        this.jdbc = jdbc;
        this.sealer = sealer;
    }

    public PublicKey publicKey(String workspaceId) {
        Key key = key(workspaceId);
        return new PublicKey(workspaceId, key.keyId(), "Ed25519", key.publicKey());
    }

    /** Signs {@code message}; answers {key_id, signature}. */
    public String[] sign(String workspaceId, String message) {
        Key key = key(workspaceId);
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key.privateKey());
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return new String[]{key.keyId(), Base64.getEncoder().encodeToString(signature.sign())};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    public boolean verify(String workspaceId, String message, String signatureBase64) {
        return AuditSignatures.verify(key(workspaceId).publicKey(), message, signatureBase64);
    }

    private Key key(String workspaceId) {
        return keys.computeIfAbsent(workspaceId, this::load);
    }

    private Key load(String workspaceId) {
        List<Key> stored = read(workspaceId);
        if (stored.isEmpty()) {
            create(workspaceId);
            stored = read(workspaceId);
        }
        return stored.getFirst();
    }

    private List<Key> read(String workspaceId) {
        return jdbc.query("select key_id, public_key, sealed_private_key from audit_signing_key where workspace_id = ?",
                (rs, n) -> new Key(rs.getString(1), rs.getString(2),
                        privateKey(sealer.unseal(new SealedSecret(rs.getString(3)), place(workspaceId)))),
                workspaceId);
    }

    /** Two nodes creating the key at once: the first insert wins and both use its key. */
    private void create(String workspaceId) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            String keyId = AuditChain.hex(AuditChain.sha256(pair.getPublic().getEncoded())).substring(0, 16);
            String sealed = sealer.seal(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                    place(workspaceId)).value();
            jdbc.update("insert into audit_signing_key (workspace_id, key_id, public_key, sealed_private_key) "
                    + "values (?, ?, ?, ?) on conflict (workspace_id) do nothing", workspaceId, keyId, publicKey, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an Ed25519 key", e);
        }
    }

    private static PrivateKey privateKey(String pkcs8Base64) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8Base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored audit signing key does not load", e);
        }
    }

    private static String place(String workspaceId) {
        return "audit-signing-key:" + workspaceId;
    }
}
