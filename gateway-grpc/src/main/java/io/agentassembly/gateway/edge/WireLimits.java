package io.agentassembly.gateway.edge;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.agentassembly.gateway.proto.agent.v1.AgentProto;
import io.agentassembly.gateway.proto.audit.v1.AuditProto;
import io.agentassembly.gateway.proto.common.v1.CommonProto;
import io.agentassembly.gateway.proto.policy.v1.PolicyProto;
import io.agentassembly.gateway.proto.topology.v1.TopologyProto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.agentassembly.gateway.edge.FieldLimit.bytes;
import static io.agentassembly.gateway.edge.FieldLimit.entries;
import static io.agentassembly.gateway.edge.FieldLimit.items;
import static io.agentassembly.gateway.edge.FieldLimit.lines;
import static io.agentassembly.gateway.edge.FieldLimit.text;

/**
 * The documented maximum of every string, bytes, repeated and map field an agent sends (the same values are
 * comments in the {@code .proto} files and in docs/operations.md). Every field of every message a gateway
 * service receives must be listed here: {@code InboundValidator} refuses to start otherwise, and
 * {@code WireLimitsTest} fails, so a new proto field cannot slip through without a limit. Strings count
 * characters (UTF-16 units); every string must also pass the text rule ({@code TextInput}): one line unless
 * declared with {@link FieldLimit#lines}.
 */
public final class WireLimits {

    /** Ids: agent id parts, trace/span/event/session/approval ids (UUIDs, did:keys and ULIDs fit easily). */
    public static final int ID = 128;
    /** Credential tokens ({@code aasa_<32 hex>_<43 base64url>} is 81 characters). */
    public static final int TOKEN = 256;
    /** Tool, model and rule names, tool sources, labels of call-stack nodes. */
    public static final int NAME = 256;
    /** Short words: operation, protocol, kind, framework, version, provider, decision names. */
    public static final int WORD = 64;
    /** A DNS host name is at most 253 characters; 255 leaves room for a bracketed IPv6 literal. */
    public static final int HOST = 255;
    /** URLs (browsers and proxies commonly stop at about 2 000). */
    public static final int URL = 2048;
    /** File paths and commands, and each process argument (Linux PATH_MAX is 4096). */
    public static final int PATH = 4096;
    /** Free-text reasons on one line, and label/metadata values. */
    public static final int REASON = 1024;
    /** Free-text error messages, which may span lines (stack traces are cut by the SDK). */
    public static final int MESSAGE = 4096;
    /** Tool arguments: scanned by the policy data rules on every CheckAction; never stored (only hashed). */
    public static final int ARGS_JSON_BYTES = 256 * 1024;
    /** Tool results are larger than arguments (pages, file contents); scanned, never stored. */
    public static final int RESULT_JSON_BYTES = 1024 * 1024;
    /** Labels and metadata maps: entries, key and value lengths. */
    public static final int MAP_ENTRIES = 64;
    public static final int MAP_KEY = 128;
    public static final int MAP_VALUE = REASON;
    /** CheckActions per BatchCheck. */
    public static final int BATCH_CHECK_REQUESTS = 100;
    /** Events per ReportEvents (StreamEvents takes any number). */
    public static final int REPORT_EVENTS = 500;
    /** Tool names an agent registers. */
    public static final int TOOL_NAMES = 256;
    /** Arguments of one process. */
    public static final int PROCESS_ARGS = 1024;
    /** Nodes of one call-stack level (the whole message stays under grpc.server.max-inbound-message-size). */
    public static final int CALL_STACK_NODES = 256;
    /** An agent's display name, as at REST registration. */
    public static final int AGENT_NAME = 200;
    /** Ed25519: a signature is 64 bytes, a challenge nonce 32; twice that leaves the verdict to the verifier. */
    public static final int SIGNATURE_BYTES = 128;
    public static final int NONCE_BYTES = 64;
    /** Topology edge metadata (JSON text). */
    public static final int EDGE_METADATA_JSON = 16 * 1024;

    /** The .proto files of the gateway: their services' request messages are validated. */
    public static final List<FileDescriptor> FILES = List.of(CommonProto.getDescriptor(), PolicyProto.getDescriptor(),
            AgentProto.getDescriptor(), AuditProto.getDescriptor(), TopologyProto.getDescriptor());

    /** How errors name the i-th message of a client stream ({@code events[3].trace_id}), per method. */
    public static final Map<String, String> STREAMED_MESSAGES = Map.of(
            "assembly.audit.v1.AuditService/StreamEvents", "events");

    /** Per field full name. */
    public static final Map<String, FieldLimit> TABLE = table();

    private WireLimits() {
    }

    private static Map<String, FieldLimit> table() {
        Map<String, FieldLimit> t = new LinkedHashMap<>();
        String common = "assembly.common.v1.";
        t.put(common + "AgentId.org_id", text(ID));
        t.put(common + "AgentId.team_id", text(ID));
        t.put(common + "AgentId.agent_id", text(ID));

        String policy = "assembly.policy.v1.";
        t.put(policy + "CheckActionRequest.credential_token", text(TOKEN));
        t.put(policy + "CheckActionRequest.trace_id", text(ID));
        t.put(policy + "CheckActionRequest.span_id", text(ID));
        t.put(policy + "LLMCallContext.model", text(NAME));
        t.put(policy + "ToolCallContext.tool_name", text(NAME));
        t.put(policy + "ToolCallContext.tool_source", text(NAME));
        t.put(policy + "ToolCallContext.args_json", bytes(ARGS_JSON_BYTES));
        t.put(policy + "ToolCallContext.target_url", text(URL));
        t.put(policy + "ToolResultContext.tool_name", text(NAME));
        t.put(policy + "ToolResultContext.tool_source", text(NAME));
        t.put(policy + "ToolResultContext.result_json", bytes(RESULT_JSON_BYTES));
        t.put(policy + "ToolResultContext.source_url", text(URL));
        t.put(policy + "FileOpContext.operation", text(WORD));
        t.put(policy + "FileOpContext.path", text(PATH));
        t.put(policy + "NetworkCallContext.host", text(HOST));
        t.put(policy + "NetworkCallContext.protocol", text(WORD));
        t.put(policy + "ProcessExecContext.command", text(PATH));
        t.put(policy + "ProcessExecContext.args", items(PROCESS_ARGS, text(PATH)));
        t.put(policy + "BatchCheckRequest.requests", items(BATCH_CHECK_REQUESTS)
                .withHint("send more as several BatchCheck calls"));

        String agent = "assembly.agent.v1.";
        t.put(agent + "ChallengeRequest.public_key", text(ID));
        t.put(agent + "RegisterRequest.name", text(AGENT_NAME));
        t.put(agent + "RegisterRequest.framework", text(WORD));
        t.put(agent + "RegisterRequest.version", text(WORD));
        t.put(agent + "RegisterRequest.tool_names", items(TOOL_NAMES, text(NAME)));
        t.put(agent + "RegisterRequest.public_key", text(ID));
        t.put(agent + "RegisterRequest.metadata", entries(MAP_ENTRIES, text(MAP_KEY), text(MAP_VALUE)));
        t.put(agent + "RegisterRequest.parent_agent_id", text(ID));
        t.put(agent + "RegisterRequest.delegation_reason", text(REASON));
        t.put(agent + "RegisterRequest.spawned_by_tool", text(NAME));
        t.put(agent + "RegisterRequest.possession_proof", bytes(SIGNATURE_BYTES));
        t.put(agent + "RegisterRequest.registration_nonce", bytes(NONCE_BYTES));
        t.put(agent + "HeartbeatRequest.credential_token", text(TOKEN));
        t.put(agent + "DeregisterRequest.credential_token", text(TOKEN));
        t.put(agent + "DeregisterRequest.reason", text(REASON));
        t.put(agent + "ControlStreamRequest.credential_token", text(TOKEN));

        String audit = "assembly.audit.v1.";
        t.put(audit + "ReportEventsRequest.events", items(REPORT_EVENTS).withHint("use StreamEvents for more"));
        t.put(audit + "AuditEvent.event_id", text(ID));
        t.put(audit + "AuditEvent.trace_id", text(ID));
        t.put(audit + "AuditEvent.span_id", text(ID));
        t.put(audit + "AuditEvent.parent_span_id", text(ID));
        t.put(audit + "AuditEvent.labels", entries(MAP_ENTRIES, text(MAP_KEY), text(MAP_VALUE)));
        t.put(audit + "AuditEvent.root_agent_id", text(ID));
        t.put(audit + "AuditEvent.parent_agent_id", text(ID));
        t.put(audit + "AuditEvent.team_id", text(ID));
        t.put(audit + "AuditEvent.session_id", text(ID));
        t.put(audit + "AuditEvent.delegation_reason", text(REASON));
        t.put(audit + "AuditEvent.spawned_by_tool", text(NAME));
        t.put(audit + "AuditEvent.call_stack", items(CALL_STACK_NODES));
        t.put(audit + "AuditEvent.shadow_decision", text(WORD));
        t.put(audit + "AuditEvent.matched_rule_id", text(NAME));
        t.put(audit + "CallStackNode.id", text(ID));
        t.put(audit + "CallStackNode.kind", text(WORD));
        t.put(audit + "CallStackNode.label", text(NAME));
        t.put(audit + "CallStackNode.children", items(CALL_STACK_NODES));
        t.put(audit + "LLMCallDetail.model", text(NAME));
        t.put(audit + "LLMCallDetail.provider", text(WORD));
        t.put(audit + "ToolCallDetail.tool_name", text(NAME));
        t.put(audit + "ToolCallDetail.tool_source", text(NAME));
        t.put(audit + "ToolCallDetail.error_message", lines(MESSAGE));
        t.put(audit + "ToolCallDetail.args_json", bytes(ARGS_JSON_BYTES));
        t.put(audit + "FileOpDetail.operation", text(WORD));
        t.put(audit + "FileOpDetail.path", text(PATH));
        t.put(audit + "FileOpDetail.source", text(NAME));
        t.put(audit + "NetworkCallDetail.host", text(HOST));
        t.put(audit + "NetworkCallDetail.protocol", text(WORD));
        t.put(audit + "ProcessExecDetail.command", text(PATH));
        t.put(audit + "ProcessExecDetail.args", items(PROCESS_ARGS, text(PATH)));
        t.put(audit + "PolicyViolation.policy_rule", text(NAME));
        t.put(audit + "PolicyViolation.blocked_action", text(NAME));
        t.put(audit + "PolicyViolation.reason", text(REASON));
        t.put(audit + "ApprovalEvent.approval_id", text(ID));
        t.put(audit + "ApprovalEvent.approver_id", text(NAME));
        t.put(audit + "ApprovalEvent.reason", text(REASON));

        String topology = "assembly.topology.v1.";
        t.put(topology + "GetAgentTreeRequest.agent_id", text(ID));
        t.put(topology + "GetLineageRequest.agent_id", text(ID));
        t.put(topology + "GetTeamMembersRequest.team_id", text(ID));
        t.put(topology + "ReportEdgeRequest.source_agent_id", text(ID));
        t.put(topology + "ReportEdgeRequest.target_agent_id", text(ID));
        t.put(topology + "ReportEdgeRequest.edge_type", text(WORD));
        t.put(topology + "ReportEdgeRequest.metadata_json", lines(EDGE_METADATA_JSON));
        return Map.copyOf(t);
    }
}
