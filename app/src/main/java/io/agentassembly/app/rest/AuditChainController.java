package io.agentassembly.app.rest;

import io.agentassembly.app.audit.AuditChainVerifier;
import io.agentassembly.app.audit.AuditChainVerifier.Verification;
import io.agentassembly.app.audit.AuditSigning;
import io.agentassembly.app.audit.AuditSigning.PublicKey;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The audit chain of the caller's workspace: its public signing key and a verification of it (docs/audit.md). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log")
public class AuditChainController {

    private final AuditSigning signing;
    private final AuditChainVerifier verifier;

    public AuditChainController(AuditSigning signing, AuditChainVerifier verifier) {
        this.signing = signing;
        this.verifier = verifier;
    }

    @GetMapping("/public-key")
    @Operation(operationId = "getAuditPublicKey",
            summary = "The workspace's Ed25519 public key (base64 X.509) that signs its audit checkpoints and exports")
    public PublicKey publicKey(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.AUDIT_READ);
        return signing.publicKey(caller.workspaceId());
    }

    @GetMapping("/verify")
    @Operation(operationId = "verifyAuditChain",
            summary = "Recomputes the workspace's audit chain from the database: ok, or the first broken link")
    public Verification verify(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.AUDIT_EXPORT);
        return verifier.verify(caller.workspaceId());
    }
}
