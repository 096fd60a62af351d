package io.agentassembly.command.domain.agent;

import io.agentassembly.command.api.agent.AgentCommands.RegisterAgentCommand;
import io.agentassembly.command.api.agent.AgentDelegation;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.command.api.agent.IdentityAssurance;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.common.Require;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Input rules for agent registration and lifecycle commands. */
public final class AgentRules {

    /** A triple part: 1-128 of letters, digits, '.', '_', ':' and '-' (so DIDs like did:key:z6Mk… pass). */
    public static final Pattern TRIPLE_PART = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    public static final int NAME_MAX = 200;
    public static final int FRAMEWORK_MAX = 64;
    public static final int VERSION_MAX = 64;
    public static final int RISK_TIER_MAX = 32;
    public static final int TOOLS_MAX = 256;
    public static final int TOOL_NAME_MAX = 200;
    public static final int METADATA_MAX = 64;
    public static final int METADATA_KEY_MAX = 128;
    public static final int METADATA_VALUE_MAX = 1024;
    public static final int REASON_MAX = 500;

    private static final Pattern PUBLIC_KEY_HEX = Pattern.compile("^(?:[0-9a-fA-F]{2}){32,128}$");
    private static final Pattern DIGEST = Pattern.compile("^[0-9a-f]{64}$");
    private static final String TRIPLE_EXPECTATION = "1 to 128 letters, digits, '.', '_', ':' or '-'";

    private AgentRules() {
    }

    /** Validates and normalises a registration into the event the new Agent starts from. */
    public static AgentRegisteredEvent registration(String workspaceId, RegisterAgentCommand command) {
        String agentKey = agentKey(command.agentKey(), "agentKey");
        AgentIdentity identity = identity(command.identity());
        String name = Require.text(command.name(), "name", NAME_MAX);
        String framework = Require.optionalText(command.framework(), "framework", FRAMEWORK_MAX);
        String version = Require.optionalText(command.version(), "version", VERSION_MAX);
        String riskTier = Require.optionalText(command.riskTier(), "riskTier", RISK_TIER_MAX);
        List<String> tools = toolNames(command.toolNames());
        Map<String, String> metadata = metadata(command.metadata());
        String parent = command.parentAgentKey() == null ? null : agentKey(command.parentAgentKey(), "parentAgentKey");
        if (agentKey.equals(parent)) {
            throw Require.invalid("parentAgentKey", "an agent cannot be its own parent");
        }
        IdentityAssurance assurance = Require.present(command.assurance(), "assurance");
        String publicKey = publicKeyHex(command.publicKeyHex());
        if (assurance == IdentityAssurance.BOUND && publicKey == null) {
            throw Require.invalid("publicKeyHex", "publicKeyHex is required when the identity is bound to a key");
        }
        credential(command.credential(), "credential");
        AgentDelegation delegation = delegation(agentKey, parent, command.delegation());
        return new AgentRegisteredEvent(workspaceId, identity.orgId(), agentKey, identity.teamId(),
                identity.agentId(), name, framework, version, riskTier, tools, metadata, parent, assurance, publicKey,
                delegation);
    }

    public static final int DELEGATION_REASON_MAX = 1024;
    public static final int SPAWNED_BY_TOOL_MAX = 256;
    public static final int MAX_CHILD_DEPTH_MAX = 64;
    public static final Pattern EDGE_TYPE = Pattern.compile("^[A-Za-z0-9._:-]{1,64}$");
    public static final int EDGE_METADATA_MAX = 16384;
    private static final Set<String> ENFORCEMENT_MODES = Set.of("ENFORCE", "OBSERVE", "DISABLED");

    /**
     * The delegation details: a root is depth 0 and its own root; an agent with a parent is at depth 1 or more under
     * a root other than itself (the edge computed both from the parent's row; the parent's admission is checked by
     * the workspace).
     */
    private static AgentDelegation delegation(String agentKey, String parent, AgentDelegation delegation) {
        AgentDelegation given = delegation == null
                ? (parent == null ? AgentDelegation.root(agentKey) : null) : delegation;
        if (given == null) {
            return null;
        }
        String reason = Require.optionalText(given.reason(), "delegationReason", DELEGATION_REASON_MAX);
        String tool = Require.optionalText(given.spawnedByTool(), "spawnedByTool", SPAWNED_BY_TOOL_MAX);
        Integer maxChildDepth = given.maxChildDepth();
        if (maxChildDepth != null && (maxChildDepth < 0 || maxChildDepth > MAX_CHILD_DEPTH_MAX)) {
            throw Require.invalid("maxChildDepth", "maxChildDepth must be between 0 and " + MAX_CHILD_DEPTH_MAX);
        }
        String mode = given.enforcementMode();
        if (mode != null && !ENFORCEMENT_MODES.contains(mode)) {
            throw Require.invalid("enforcementMode", "enforcementMode must be ENFORCE, OBSERVE or DISABLED");
        }
        String root = given.rootAgentKey();
        if (parent == null) {
            if (given.depth() != 0 || (root != null && !root.equals(agentKey))) {
                throw Require.invalid("parentAgentKey", "an agent without a parent is the root of its tree, depth 0");
            }
            root = agentKey;
        } else if (given.depth() < 1 || root == null || root.equals(agentKey)) {
            throw Require.invalid("parentAgentKey", "an agent with a parent sits below its parent's root");
        } else {
            root = agentKey(root, "rootAgentKey");
        }
        return new AgentDelegation(root, given.depth(), reason, tool, maxChildDepth, mode);
    }

    public static String edgeType(String edgeType) {
        return Require.matching(edgeType, EDGE_TYPE, "edgeType", "1 to 64 letters, digits, '.', '_', ':' or '-'");
    }

    public static String edgeMetadata(String metadataJson) {
        if (metadataJson == null || metadataJson.isBlank()) {
            return null;
        }
        if (metadataJson.length() > EDGE_METADATA_MAX) {
            throw Require.invalid("metadataJson", "metadataJson may have at most " + EDGE_METADATA_MAX + " characters");
        }
        return metadataJson;
    }

    public static String targetAgentKey(String value) {
        return agentKey(value, "targetAgentKey");
    }

    public static AgentIdentity identity(AgentIdentity identity) {
        Require.present(identity, "identity");
        return new AgentIdentity(triplePart(identity.orgId(), "orgId"), triplePart(identity.teamId(), "teamId"),
                triplePart(identity.agentId(), "agentId"));
    }

    public static SecretDigest credential(SecretDigest digest, String field) {
        if (digest == null || digest.value() == null || !DIGEST.matcher(digest.value()).matches()) {
            throw Require.invalid(field, field + " must be the SHA-256 digest (64 lower-case hex digits) of the secret");
        }
        return digest;
    }

    private static final Pattern OPERATION_ID = Pattern.compile("^[A-Za-z0-9._-]{1,128}:[A-Za-z0-9._-]{1,128}$");

    /** An operation is named "trace:span" (OpControlMessage.op_id). */
    public static String operationId(String opId) {
        if (opId == null || !OPERATION_ID.matcher(opId).matches()) {
            throw Require.invalid("op_id", "op_id must be '<trace id>:<span id>' (letters, digits, '.', '_', '-')");
        }
        return opId;
    }

    public static String reason(String reason) {
        return Require.optionalText(reason, "reason", REASON_MAX);
    }

    private static String agentKey(String value, String field) {
        if (!AgentKeys.isKey(value)) {
            throw Require.invalid(field, field + " must be 'agt-' followed by a lower-case UUID");
        }
        return value;
    }

    private static String triplePart(String value, String field) {
        return Require.matching(value, TRIPLE_PART, field, TRIPLE_EXPECTATION);
    }

    private static List<String> toolNames(List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > TOOLS_MAX) {
            throw Require.invalid("toolNames", "toolNames may list at most " + TOOLS_MAX + " tools");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : names) {
            distinct.add(Require.text(name, "toolNames", TOOL_NAME_MAX));
        }
        return Collections.unmodifiableList(new ArrayList<>(distinct));
    }

    private static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > METADATA_MAX) {
            throw Require.invalid("metadata", "metadata may hold at most " + METADATA_MAX + " entries");
        }
        Map<String, String> sorted = new TreeMap<>();
        metadata.forEach((key, value) -> {
            String validKey = Require.text(key, "metadata", METADATA_KEY_MAX);
            String validValue = value == null ? "" : value;
            if (validValue.length() > METADATA_VALUE_MAX) {
                throw Require.invalid("metadata", "metadata values must be at most " + METADATA_VALUE_MAX + " characters");
            }
            sorted.put(validKey, validValue);
        });
        return Collections.unmodifiableMap(sorted);
    }

    private static String publicKeyHex(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Require.matching(value.trim(), PUBLIC_KEY_HEX, "publicKeyHex",
                "a public key in hex (32 to 128 bytes)").toLowerCase(Locale.ROOT);
    }
}
