package io.agentassembly.command.domain.policy;

import io.agentassembly.command.api.policy.PolicyCommands.ApplyPolicyVersionCommand;
import io.agentassembly.command.api.policy.PolicyIds;
import io.agentassembly.command.domain.common.Require;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Input rules for policy commands. The document itself was validated by the policy parser at the edge; the
 * domain checks what it stores and decides on: the identity, the digest and the bounds of each field.
 */
final class PolicyRules {

    /** The REST edge refuses bodies over 256 KiB; a single document's source can be no longer. */
    static final int SOURCE_MAX = 256 * 1024;
    static final int SCOPE_MAX = 400;
    static final int ORG_MAX = 128;
    static final Set<String> ENFORCEMENT_MODES = Set.of("enforce", "observe", "disabled");

    private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");

    /** One version's content, as the aggregate keeps it for rollbacks. */
    record Content(String digest, String source, String scope, String orgId, String enforcementMode) {
    }

    private PolicyRules() {
    }

    static Content content(ApplyPolicyVersionCommand command) {
        Require.text(command.workspaceId(), "workspaceId", 64);
        Require.matching(command.name(), PolicyIds.NAME, "name",
                "1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        if (!PolicyIds.of(command.workspaceId(), command.name()).equals(command.policyId())) {
            throw Require.invalid("policyId", "policyId must be derived from the workspace and the policy name");
        }
        String digest = Require.matching(command.digest(), DIGEST, "digest", "'sha256:' followed by 64 hex digits");
        String scope = Require.text(command.scope(), "scope", SCOPE_MAX);
        String orgId = Require.optionalText(command.orgId(), "orgId", ORG_MAX);
        String mode = Require.text(command.enforcementMode(), "enforcementMode", 16);
        if (!ENFORCEMENT_MODES.contains(mode)) {
            throw Require.invalid("enforcementMode", "enforcementMode must be enforce, observe or disabled");
        }
        if (command.source() == null || command.source().isBlank()) {
            throw Require.invalid("source", "source is required");
        }
        if (command.source().length() > SOURCE_MAX) {
            throw Require.invalid("source", "source must be at most " + SOURCE_MAX + " characters");
        }
        return new Content(digest, command.source(), scope, orgId, mode);
    }
}
