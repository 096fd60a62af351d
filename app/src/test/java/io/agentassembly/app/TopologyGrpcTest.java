package io.agentassembly.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.agent.v1.RegisterResponse;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.EnforcementMode;
import io.agentassembly.gateway.proto.topology.v1.GetAgentTreeRequest;
import io.agentassembly.gateway.proto.topology.v1.GetAgentTreeResponse;
import io.agentassembly.gateway.proto.topology.v1.GetLineageRequest;
import io.agentassembly.gateway.proto.topology.v1.GetLineageResponse;
import io.agentassembly.gateway.proto.topology.v1.GetTeamMembersRequest;
import io.agentassembly.gateway.proto.topology.v1.ReportEdgeRequest;
import io.agentassembly.gateway.proto.topology.v1.ReportEdgeResponse;
import io.agentassembly.gateway.proto.topology.v1.TopologyAgent;
import io.agentassembly.gateway.proto.topology.v1.TreeNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.agentassembly.schema.jooq.Tables.AGENT_VIEW;
import static io.agentassembly.schema.jooq.Tables.TOPOLOGY_EDGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TopologyService and Register's delegation fields, as an upstream SDK uses them: agents register under a parent
 * (named by its agent id), report edges, and read trees, lineage and teams — scoped to their workspace and org.
 */
class TopologyGrpcTest extends GatewayIntegrationTest {

    private RegisterResponse register(String apiKey, String org, String team, String agent, String parent,
                                      Integer maxChildDepth) {
        RegisterRequest.Builder request = RegisterRequest.newBuilder()
                .setAgentId(AgentId.newBuilder().setOrgId(org).setTeamId(team).setAgentId(agent))
                .setName(agent).setFramework("langgraph");
        if (parent != null) {
            request.setParentAgentId(parent).setDelegationReason("split the research")
                    .setSpawnedByTool("spawn_worker");
        }
        if (maxChildDepth != null) {
            request.setMaxChildDepth(maxChildDepth);
        }
        return gateway.lifecycle(apiKey).register(request.setEnforcementMode(EnforcementMode.OBSERVE).build());
    }

    @Test
    void anUpstreamStyleAgentRegistersUnderItsParentReportsAnEdgeAndTheTreeAndLineageShowIt() {
        RegisterResponse planner = register(apiKey, "org-t", "team-a", "planner", null, null);
        assertThat(planner.getRootAgentId().toStringUtf8()).isEqualTo("planner");
        assertThat(planner.getAssignedPolicy()).startsWith("sha256:");
        RegisterResponse researcher = register(apiKey, "org-t", "team-a", "researcher", "planner", null);
        assertThat(researcher.getParentAgentId()).isEqualTo("planner");
        assertThat(researcher.getRootAgentId().toStringUtf8()).isEqualTo("planner");
        RegisterResponse writer = register(apiKey, "org-t", "team-b", "writer", "researcher", null);
        assertThat(writer.getParentAgentId()).isEqualTo("researcher");
        assertThat(writer.getRootAgentId().toStringUtf8()).isEqualTo("planner");

        ReportEdgeResponse edge = gateway.topology(researcher.getCredentialToken()).reportEdge(ReportEdgeRequest
                .newBuilder().setSourceAgentId("researcher").setTargetAgentId("writer").setEdgeType("delegates")
                .setMetadataJson("{\"task\":\"draft\"}").build());
        assertThat(edge.getId()).isPositive();
        ReportEdgeResponse again = gateway.topology(researcher.getCredentialToken()).reportEdge(ReportEdgeRequest
                .newBuilder().setTargetAgentId("writer").setEdgeType("delegates").build());
        assertThat(again.getId()).as("the same edge, counted").isEqualTo(edge.getId());
        assertThat(db.select(TOPOLOGY_EDGE.REPORT_COUNT).from(TOPOLOGY_EDGE).where(TOPOLOGY_EDGE.ID.eq(edge.getId()))
                .fetchOne(TOPOLOGY_EDGE.REPORT_COUNT)).isEqualTo(2L);

        GetAgentTreeResponse tree = gateway.topology(writer.getCredentialToken())
                .getAgentTree(GetAgentTreeRequest.newBuilder().setAgentId("planner").build());
        TreeNode root = tree.getRoot();
        assertThat(root.getAgent().getId()).isEqualTo("planner");
        assertThat(root.getAgent().getDepth()).isZero();
        assertThat(root.getChildrenList()).extracting(n -> n.getAgent().getId()).containsExactly("researcher");
        TreeNode child = root.getChildren(0);
        assertThat(child.getAgent().getDelegationReason()).isEqualTo("split the research");
        assertThat(child.getAgent().getSpawnedByTool()).isEqualTo("spawn_worker");
        assertThat(child.getChildrenList()).extracting(n -> n.getAgent().getId()).containsExactly("writer");
        assertThat(child.getChildren(0).getAgent().getDepth()).isEqualTo(2);
        assertThat(child.getChildren(0).getAgent().getTeamId()).isEqualTo("team-b");

        GetAgentTreeResponse shallow = gateway.topology(writer.getCredentialToken())
                .getAgentTree(GetAgentTreeRequest.newBuilder().setAgentId("planner").setMaxDepth(1).build());
        assertThat(shallow.getRoot().getChildren(0).getChildrenList()).isEmpty();

        GetLineageResponse lineage = gateway.topology(writer.getCredentialToken())
                .getLineage(GetLineageRequest.newBuilder().setAgentId("writer").build());
        assertThat(lineage.getAncestorsList()).extracting(TopologyAgent::getId).containsExactly("researcher", "planner");
        GetLineageResponse own = gateway.topology(writer.getCredentialToken()).getLineage(GetLineageRequest.getDefaultInstance());
        assertThat(own.getAncestorsList()).extracting(TopologyAgent::getId).containsExactly("researcher", "planner");

        assertThat(gateway.topology(planner.getCredentialToken()).getTeamMembers(GetTeamMembersRequest.getDefaultInstance())
                .getMembersList()).extracting(TopologyAgent::getId).containsExactly("planner", "researcher");
        assertThat(gateway.topology(planner.getCredentialToken()).getTeamMembers(GetTeamMembersRequest.newBuilder()
                .setTeamId("team-b").build()).getMembersList()).extracting(TopologyAgent::getId).containsExactly("writer");

        assertThat(db.select(AGENT_VIEW.ENFORCEMENT_MODE).from(AGENT_VIEW).where(AGENT_VIEW.AGENT_ID.eq("writer")
                .and(AGENT_VIEW.ORG_ID.eq("org-t"))).fetch(AGENT_VIEW.ENFORCEMENT_MODE)).contains("OBSERVE");
    }

    @Test
    void aCheckActionNamingARegisteredCallerRecordsADecisionEdge() {
        RegisterResponse orchestrator = register(apiKey, "org-c", "team", "orchestrator", null, null);
        assertThat(orchestrator.getCredentialToken()).isNotBlank();
        RegisteredAgent callee = gateway.register(apiKey, "org-c", "team", "callee");
        AgentId ghost = AgentId.newBuilder().setOrgId("org-c").setTeamId("team").setAgentId("ghost").build();
        gateway.policy().checkAction(GatewayClient.toolCall(callee, "search", null, null).toBuilder()
                .setCallerAgentId(ghost).build());
        gateway.policy().checkAction(GatewayClient.toolCall(callee, "search", null, null).toBuilder()
                .setCallerAgentId(AgentId.newBuilder().setOrgId("org-c").setTeamId("team").setAgentId("orchestrator"))
                .build());

        String orchestratorKey = db.select(AGENT_VIEW.AGENT_KEY).from(AGENT_VIEW)
                .where(AGENT_VIEW.AGENT_ID.eq("orchestrator").and(AGENT_VIEW.WORKSPACE_ID.eq(owner.workspaceId())))
                .fetchOne(AGENT_VIEW.AGENT_KEY);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(db.selectFrom(TOPOLOGY_EDGE).where(TOPOLOGY_EDGE.WORKSPACE_ID.eq(owner.workspaceId())
                        .and(TOPOLOGY_EDGE.ORIGIN.eq("DECISION"))).fetch())
                        .singleElement()
                        .satisfies(edge -> {
                            assertThat(edge.getSourceAgentKey()).isEqualTo(orchestratorKey);
                            assertThat(edge.getEdgeType()).isEqualTo("calls");
                            assertThat(edge.getReportCount()).isEqualTo(1L);
                        }));
        io.agentassembly.app.support.Api.Response lineage = api.get("/api/v1/topology/lineage/callee",
                owner.accessToken());
        assertThat(lineage.body().path("edges").get(0).path("origin").asText()).isEqualTo("DECISION");
    }

    @Test
    void aParentOutsideTheWorkspaceIsNotFoundNamingTheField() {
        RegisterResponse foreign = register(apiKeyOf(tenants.signUp("pro")), "org-t", "team-a", "elsewhere", null, null);
        assertThat(foreign.getCredentialToken()).isNotBlank();
        assertError(() -> register(apiKey, "org-t", "team-a", "orphan", "elsewhere", null),
                Status.Code.NOT_FOUND, "AGENT_NOT_FOUND", "parent_agent_id");
        String foreignKey = db.select(AGENT_VIEW.AGENT_KEY).from(AGENT_VIEW).where(AGENT_VIEW.AGENT_ID.eq("elsewhere"))
                .fetchAny(AGENT_VIEW.AGENT_KEY);
        assertError(() -> register(apiKey, "org-t", "team-a", "orphan", foreignKey, null),
                Status.Code.NOT_FOUND, "AGENT_NOT_FOUND", "parent_agent_id");
        assertThat(db.fetchCount(AGENT_VIEW, AGENT_VIEW.AGENT_ID.eq("orphan"))).as("nothing registered").isZero();
    }

    @Test
    void theAncestorsMaxChildDepthBoundsTheTree() {
        register(apiKey, "org-d", "team", "boss", null, 1);
        register(apiKey, "org-d", "team", "lead", "boss", null);
        assertError(() -> register(apiKey, "org-d", "team", "intern", "lead", null),
                Status.Code.FAILED_PRECONDITION, "DELEGATION_DEPTH_EXCEEDED", "parent_agent_id");
        register(apiKey, "org-d", "team", "peer", "boss", null);
        assertError(() -> register(apiKey, "org-d", "team", "deep", "boss", 65),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", "maxChildDepth");
    }

    @Test
    void everyCallIsScopedToTheCallersWorkspaceAndOrg() {
        RegisterResponse mine = register(apiKey, "org-m", "team", "mine", null, null);
        RegisterResponse otherOrg = register(apiKey, "org-n", "team", "neighbour", null, null);
        String otherWorkspaceKey = apiKeyOf(tenants.signUp("pro"));
        RegisterResponse stranger = register(otherWorkspaceKey, "org-m", "team", "stranger", null, null);
        String strangerKey = db.select(AGENT_VIEW.AGENT_KEY).from(AGENT_VIEW).where(AGENT_VIEW.AGENT_ID.eq("stranger"))
                .fetchAny(AGENT_VIEW.AGENT_KEY);

        for (String foreign : List.of("neighbour", "stranger", strangerKey)) {
            assertError(() -> gateway.topology(mine.getCredentialToken()).getAgentTree(GetAgentTreeRequest.newBuilder()
                    .setAgentId(foreign).build()), Status.Code.NOT_FOUND, "AGENT_NOT_FOUND", "agent_id");
            assertError(() -> gateway.topology(mine.getCredentialToken()).getLineage(GetLineageRequest.newBuilder()
                    .setAgentId(foreign).build()), Status.Code.NOT_FOUND, "AGENT_NOT_FOUND", "agent_id");
        }
        assertError(() -> gateway.topology(mine.getCredentialToken()).reportEdge(ReportEdgeRequest.newBuilder()
                .setTargetAgentId(strangerKey).build()), Status.Code.NOT_FOUND, "AGENT_NOT_FOUND", "target_agent_id");
        assertThat(gateway.topology(stranger.getCredentialToken()).getTeamMembers(GetTeamMembersRequest.newBuilder()
                .setTeamId("team").build()).getMembersList()).extracting(TopologyAgent::getId)
                .containsExactly("stranger");
        assertThat(gateway.topology(otherOrg.getCredentialToken()).getTeamMembers(GetTeamMembersRequest
                .getDefaultInstance()).getMembersList()).extracting(TopologyAgent::getId).containsExactly("neighbour");
        assertError(() -> gateway.topology(mine.getCredentialToken()).reportEdge(ReportEdgeRequest.newBuilder()
                        .setSourceAgentId("neighbour").setTargetAgentId("mine").build()),
                Status.Code.NOT_FOUND, "AGENT_NOT_FOUND", "source_agent_id");
        assertThat(db.fetchCount(TOPOLOGY_EDGE, TOPOLOGY_EDGE.ORG_ID.in("org-m", "org-n"))).isZero();
    }

    @Test
    void callsNeedAnAgentCredentialAndValidInput() {
        RegisterResponse agent = register(apiKey, "org-v", "team", "caller", null, null);
        assertError(() -> gateway.topology(null).getTeamMembers(GetTeamMembersRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED, "AUTHENTICATION_FAILED", null);
        assertError(() -> gateway.topology(apiKey).getTeamMembers(GetTeamMembersRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED, "AUTHENTICATION_FAILED", null);
        assertError(() -> gateway.topology(agent.getCredentialToken()).reportEdge(ReportEdgeRequest.newBuilder()
                .setTargetAgentId("caller").setMetadataJson("{not json").build()),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", "metadata_json");
        assertError(() -> gateway.topology(agent.getCredentialToken()).reportEdge(ReportEdgeRequest.newBuilder()
                .setTargetAgentId("caller").setEdgeType("no spaces").build()),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", "edgeType");
        assertError(() -> gateway.topology(agent.getCredentialToken()).reportEdge(ReportEdgeRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "VALIDATION_FAILED", "target_agent_id");
    }

    private static void assertError(ThrowingCallable call, Status.Code code, String reason, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            com.google.rpc.Status details = StatusProto.fromThrowable(e);
            assertThat(details).isNotNull();
            try {
                ErrorInfo info = details.getDetails(0).unpack(ErrorInfo.class);
                assertThat(info.getReason()).isEqualTo(reason);
                if (field != null) {
                    assertThat(info.getMetadataMap()).containsEntry("field", field);
                }
            } catch (InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
            }
        });
    }
}
