package io.agentassembly.gateway.policy;

import com.google.protobuf.ByteString;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.Verdict;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.FileOpContext;
import io.agentassembly.gateway.proto.policy.v1.LLMCallContext;
import io.agentassembly.gateway.proto.policy.v1.NetworkCallContext;
import io.agentassembly.gateway.proto.policy.v1.ProcessExecContext;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.agentassembly.gateway.proto.policy.v1.ToolResultContext;
import io.agentassembly.policy.engine.ActionInput;
import io.agentassembly.policy.engine.ActionKind;
import io.agentassembly.policy.engine.AgentLineage;
import io.agentassembly.policy.engine.Outcome;
import io.agentassembly.policy.engine.PolicyEvaluation;
import io.agentassembly.policy.engine.Redaction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the policy stage turns the wire request and the registered agent into the engine's input and back. */
class PolicyStageMappingTest {

    private static final String ARGS = "{\"query\":\"weather\",\"api_key\":\"sk-123\"}";

    private static CheckActionRequest request(ActionType type, ActionContext.Builder context) {
        return CheckActionRequest.newBuilder()
                .setAgentId(AgentId.newBuilder().setOrgId("org-claimed").setTeamId("t").setAgentId("a"))
                .setActionType(type).setContext(context).build();
    }

    @Test
    void aToolCallCarriesItsToolArgumentsAndTheHostOfItsTargetUrl() {
        ActionInput input = ActionInputs.of(request(ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(
                ToolCallContext.newBuilder().setToolName("search").setToolSource("mcp")
                        .setArgsJson(ByteString.copyFromUtf8(ARGS)).setTargetUrl("https://API.Example.com:8443/v1?q=1"))));

        assertThat(input.kind()).isEqualTo(ActionKind.TOOL_CALL);
        assertThat(input.toolName()).isEqualTo("search");
        assertThat(input.toolSource()).isEqualTo("mcp");
        assertThat(new String(input.argsJson(), StandardCharsets.UTF_8)).isEqualTo(ARGS);
        assertThat(input.targetUrl()).isEqualTo("https://API.Example.com:8443/v1?q=1");
        assertThat(input.host()).isEqualTo("api.example.com");
        assertThat(input.model()).isNull();
        assertThat(input.port()).isNull();
    }

    @Test
    void aToolCallWithoutTargetUrlHasNoHostAndEmptyStringsBecomeNull() {
        ActionInput input = ActionInputs.of(request(ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(
                ToolCallContext.newBuilder().setToolName("calc"))));

        assertThat(input.host()).isNull();
        assertThat(input.targetUrl()).isNull();
        assertThat(input.toolSource()).isNull();
        assertThat(input.argsJson()).isEmpty();
    }

    @Test
    void hostsAreTakenFromUrlsWithOrWithoutSchemeAndNeverFromGarbage() {
        assertThat(ActionInputs.hostOf("api.example.com/v1")).isEqualTo("api.example.com");
        assertThat(ActionInputs.hostOf("http://[::1]:8080/")).isEqualTo("::1");
        assertThat(ActionInputs.hostOf("https://example.com./x")).isEqualTo("example.com");
        assertThat(ActionInputs.hostOf("http://exa mple.com")).isNull();
        assertThat(ActionInputs.hostOf(null)).isNull();
    }

    @Test
    void aNetworkCallCarriesItsHostAndPort() {
        ActionInput input = ActionInputs.of(request(ActionType.NETWORK_CALL, ActionContext.newBuilder().setNetworkCall(
                NetworkCallContext.newBuilder().setHost("Files.Corp.Example").setPort(443).setProtocol("https"))));

        assertThat(input.kind()).isEqualTo(ActionKind.NETWORK_CALL);
        assertThat(input.host()).isEqualTo("files.corp.example");
        assertThat(input.port()).isEqualTo(443);
        assertThat(input.toolName()).isNull();
    }

    @Test
    void otherActionsCarryTheirOwnFields() {
        assertThat(ActionInputs.of(request(ActionType.LLM_CALL, ActionContext.newBuilder()
                .setLlmCall(LLMCallContext.newBuilder().setModel("gpt-4o")))).model()).isEqualTo("gpt-4o");
        ActionInput file = ActionInputs.of(request(ActionType.FILE_OPERATION, ActionContext.newBuilder()
                .setFileOp(FileOpContext.newBuilder().setOperation("write").setPath("/etc/passwd"))));
        assertThat(file.fileOperation()).isEqualTo("write");
        assertThat(file.filePath()).isEqualTo("/etc/passwd");
        ActionInput process = ActionInputs.of(request(ActionType.PROCESS_EXEC, ActionContext.newBuilder()
                .setProcessExec(ProcessExecContext.newBuilder().setCommand("rm").addArgs("-rf").addArgs("/"))));
        assertThat(process.command()).isEqualTo("rm");
        assertThat(process.commandArgs()).containsExactly("-rf", "/");
        ActionInput result = ActionInputs.of(request(ActionType.TOOL_RESULT, ActionContext.newBuilder()
                .setToolResult(ToolResultContext.newBuilder().setToolName("search")
                        .setResultJson(ByteString.copyFromUtf8("{\"ok\":true}")).setSourceUrl("https://x.example"))));
        assertThat(result.kind()).isEqualTo(ActionKind.TOOL_RESULT);
        assertThat(new String(result.resultJson(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(ActionInputs.of(request(ActionType.AGENT_SPAWN, ActionContext.newBuilder())).kind())
                .isEqualTo(ActionKind.AGENT_SPAWN);
    }

    @Test
    void theLineageIsTheRegisteredIdentityNeverTheClaimedOne() {
        AgentPrincipal registered = new AgentPrincipal("ws-1", "agt-1", "org-real", "team-real", "agent-real",
                "ACTIVE", "ASSERTED");

        assertThat(PolicyStage.lineageOf(registered))
                .isEqualTo(new AgentLineage("agt-1", "org-real", "team-real", "agent-real"));
    }

    @Test
    void aPendingEvaluationNamesWhatToApproveByDigestNeverByArguments() throws Exception {
        CheckActionRequest request = request(ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(
                ToolCallContext.newBuilder().setToolName("wire").setArgsJson(ByteString.copyFromUtf8(ARGS))));
        PolicyEvaluation pending = new PolicyEvaluation(Outcome.PENDING, "args.amount > 1000", "pay/tools.wire.requires_approval_if",
                "pay", "sha256:abc", List.of(), null, List.of());

        Verdict verdict = PolicyStage.verdictOf(pending, request, ActionInputs.of(request));

        assertThat(verdict.decision()).isEqualTo(Decision.PENDING);
        assertThat(verdict.approvalSubject().tool()).isEqualTo("wire");
        assertThat(verdict.approvalSubject().actionType()).isEqualTo("TOOL_CALL");
        assertThat(verdict.approvalSubject().argsDigest())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(ARGS.getBytes(StandardCharsets.UTF_8))));
        assertThat(verdict.policyDigest()).isEqualTo("sha256:abc");
    }

    @Test
    void anEvaluationBecomesAVerdictWithItsDigestRedactionsAndShadow() {
        CheckActionRequest request = request(ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(
                ToolCallContext.newBuilder().setToolName("search")));
        PolicyEvaluation redact = new PolicyEvaluation(Outcome.REDACT, "credentials in arguments", "data/data.credential_action",
                "data", "sha256:d", List.of(new Redaction("$.args.api_key", "[REDACTED]")),
                new PolicyEvaluation.Shadow(Outcome.DENY, "shell is off", "strict/tools.shell.allow", "sha256:s"), List.of());

        Verdict verdict = PolicyStage.verdictOf(redact, request, ActionInputs.of(request));

        assertThat(verdict.decision()).isEqualTo(Decision.REDACT);
        assertThat(verdict.redactions()).containsExactly(new Redaction("$.args.api_key", "[REDACTED]"));
        assertThat(verdict.policyDigest()).isEqualTo("sha256:d");
        assertThat(verdict.shadow().decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.shadow().policyRule()).isEqualTo("strict/tools.shell.allow");
    }

    @Test
    void anEvaluationBreakingTheWireInvariantsIsRefusedNotPassedOn() {
        CheckActionRequest request = request(ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(
                ToolCallContext.newBuilder().setToolName("search")));
        PolicyEvaluation redactNothing = new PolicyEvaluation(Outcome.REDACT, "r", "x/y", "x", "sha256:x",
                List.of(), null, List.of());
        PolicyEvaluation denyWithoutRule = new PolicyEvaluation(Outcome.DENY, "r", null, null, null, List.of(), null,
                List.of());

        assertThatThrownBy(() -> PolicyStage.verdictOf(redactNothing, request, ActionInputs.of(request)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyStage.verdictOf(denyWithoutRule, request, ActionInputs.of(request)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
