package io.agentassembly.gateway.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.agent.AgentCommands.ReportAgentEdgeCommand;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.gateway.BlockingWork;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.agent.BearerMetadata;
import io.agentassembly.gateway.decision.AgentCredentials;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.proto.topology.v1.GetAgentTreeRequest;
import io.agentassembly.gateway.proto.topology.v1.GetAgentTreeResponse;
import io.agentassembly.gateway.proto.topology.v1.GetLineageRequest;
import io.agentassembly.gateway.proto.topology.v1.GetLineageResponse;
import io.agentassembly.gateway.proto.topology.v1.GetTeamMembersRequest;
import io.agentassembly.gateway.proto.topology.v1.GetTeamMembersResponse;
import io.agentassembly.gateway.proto.topology.v1.ReportEdgeRequest;
import io.agentassembly.gateway.proto.topology.v1.ReportEdgeResponse;
import io.agentassembly.gateway.proto.topology.v1.TopologyAgent;
import io.agentassembly.gateway.proto.topology.v1.TopologyServiceGrpc;
import io.agentassembly.gateway.proto.topology.v1.TreeNode;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.query.api.TopologyQueries.AgentTreeQuery;
import io.agentassembly.query.api.TopologyQueries.LineageQuery;
import io.agentassembly.query.api.TopologyQueries.LineageView;
import io.agentassembly.query.api.TopologyQueries.ResolveTopologyAgentQuery;
import io.agentassembly.query.api.TopologyQueries.TeamMembersQuery;
import io.agentassembly.query.api.TopologyQueries.TopologyAgentView;
import io.agentassembly.query.api.TopologyQueries.TreeView;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import net.devh.boot.grpc.server.service.GrpcService;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static io.agentassembly.schema.jooq.Tables.TOPOLOGY_EDGE;

/**
 * TopologyService: the delegation trees, lineage and teams of the caller's org, and edges the caller reports. The
 * caller authenticates with its credential token in {@code authorization: Bearer aasa_…} metadata; every answer is
 * scoped to its workspace and org (an agent of another org or workspace is NOT_FOUND). Agents are named by agent id
 * (the triple's last part; the oldest registered agent of the org with that id) or by agent key ({@code agt-…});
 * an empty id names the caller (its team for GetTeamMembers). {@code TopologyAgent.id} is the agent id. Reads come
 * from the topology read models ({@code agent_view}, {@code topology_edge}), on the blocking pool within the
 * workspace's share.
 */
@GrpcService
public class TopologyGrpcService extends TopologyServiceGrpc.TopologyServiceImplBase {

    static final String DEFAULT_EDGE_TYPE = "a2a";

    private final AgentCredentials credentials;
    private final QueryGateway queries;
    private final ActorCommandGateway commands;
    private final BlockingWork blocking;
    private final DSLContext db;
    private final ObjectMapper objectMapper;

    public TopologyGrpcService(AgentCredentials credentials, QueryGateway queries, ActorCommandGateway commands,
                               BlockingWork blocking, DSLContext db, ObjectMapper objectMapper) {
        this.credentials = credentials;
        this.queries = queries;
        this.commands = commands;
        this.blocking = blocking;
        this.db = db;
        this.objectMapper = objectMapper;
    }

    @Override
    public void getAgentTree(GetAgentTreeRequest request, StreamObserver<GetAgentTreeResponse> observer) {
        respond(observer, agent -> {
            TopologyAgentView top = named(agent, request.getAgentId(), "agent_id");
            TreeView tree = query(new AgentTreeQuery(agent.workspaceId(), agent.orgId(), top.agentKey(),
                    (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(request.getMaxDepth()))),
                    ResponseTypes.optionalInstanceOf(TreeView.class))
                    .orElseThrow(() -> notFound("agent_id"));
            return GetAgentTreeResponse.newBuilder().setRoot(node(tree)).build();
        });
    }

    @Override
    public void getLineage(GetLineageRequest request, StreamObserver<GetLineageResponse> observer) {
        respond(observer, agent -> {
            TopologyAgentView named = named(agent, request.getAgentId(), "agent_id");
            LineageView lineage = query(new LineageQuery(agent.workspaceId(), agent.orgId(), named.agentKey()),
                    ResponseTypes.optionalInstanceOf(LineageView.class))
                    .orElseThrow(() -> notFound("agent_id"));
            GetLineageResponse.Builder response = GetLineageResponse.newBuilder();
            lineage.ancestors().forEach(ancestor -> response.addAncestors(agentOf(ancestor)));
            return response.build();
        });
    }

    @Override
    public void getTeamMembers(GetTeamMembersRequest request, StreamObserver<GetTeamMembersResponse> observer) {
        respond(observer, agent -> {
            String team = request.getTeamId().isBlank() ? agent.teamId() : request.getTeamId();
            List<TopologyAgentView> members = query(new TeamMembersQuery(agent.workspaceId(), agent.orgId(), team),
                    ResponseTypes.multipleInstancesOf(TopologyAgentView.class));
            GetTeamMembersResponse.Builder response = GetTeamMembersResponse.newBuilder();
            members.forEach(member -> response.addMembers(agentOf(member)));
            return response.build();
        });
    }

    /**
     * Records an edge from the caller to another agent of its workspace (its org first, then any org). The source,
     * when sent, must name the caller (PERMISSION_DENIED otherwise); {@code edge_type} defaults to
     * {@value #DEFAULT_EDGE_TYPE}; {@code metadata_json}, when sent, must be JSON. The answer's {@code id} names the
     * edge: reporting the same source, target and type again counts it and answers the same id.
     */
    @Override
    public void reportEdge(ReportEdgeRequest request, StreamObserver<ReportEdgeResponse> observer) {
        respond(observer, agent -> {
            if (!request.getSourceAgentId().isBlank()) {
                TopologyAgentView source = named(agent, request.getSourceAgentId(), "source_agent_id");
                if (!source.agentKey().equals(agent.agentKey())) {
                    throw GrpcStatuses.permissionDenied("source_agent_id",
                            "source_agent_id must be the calling agent (its credential's agent)");
                }
            }
            if (request.getTargetAgentId().isBlank()) {
                throw GrpcStatuses.invalid("target_agent_id", "target_agent_id is required");
            }
            TopologyAgentView target = resolve(agent.workspaceId(), agent.orgId(), request.getTargetAgentId())
                    .or(() -> resolve(agent.workspaceId(), null, request.getTargetAgentId()))
                    .orElseThrow(() -> notFound("target_agent_id"));
            String edgeType = request.getEdgeType().isBlank() ? DEFAULT_EDGE_TYPE : request.getEdgeType();
            String metadata = request.getMetadataJson().isBlank() ? null : json(request.getMetadataJson());
            commands.send(new ReportAgentEdgeCommand(agent.agentKey(), agent.workspaceId(), target.agentKey(),
                    edgeType, metadata), new Actor(ActorType.AGENT, agent.agentKey()));
            Long id = db.select(TOPOLOGY_EDGE.ID).from(TOPOLOGY_EDGE)
                    .where(TOPOLOGY_EDGE.WORKSPACE_ID.eq(agent.workspaceId())
                            .and(TOPOLOGY_EDGE.SOURCE_AGENT_KEY.eq(agent.agentKey()))
                            .and(TOPOLOGY_EDGE.TARGET_AGENT_KEY.eq(target.agentKey()))
                            .and(TOPOLOGY_EDGE.EDGE_TYPE.eq(edgeType))
                            .and(TOPOLOGY_EDGE.ORIGIN.eq("REPORTED")))
                    .fetchOne(TOPOLOGY_EDGE.ID);
            return ReportEdgeResponse.newBuilder().setId(id == null ? 0 : id).build();
        });
    }

    private String json(String text) {
        try {
            objectMapper.readTree(text);
            return text;
        } catch (JsonProcessingException e) {
            throw GrpcStatuses.invalid("metadata_json", "metadata_json must be JSON text");
        }
    }

    private TopologyAgentView named(AgentPrincipal agent, String ref, String field) {
        String name = ref.isBlank() ? agent.agentKey() : ref;
        return resolve(agent.workspaceId(), agent.orgId(), name).orElseThrow(() -> notFound(field));
    }

    private Optional<TopologyAgentView> resolve(String workspaceId, String orgId, String ref) {
        List<TopologyAgentView> found = query(new ResolveTopologyAgentQuery(workspaceId, orgId, ref),
                ResponseTypes.multipleInstancesOf(TopologyAgentView.class));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private <Q, R> R query(Q query, ResponseType<R> type) {
        try {
            return queries.query(query, type).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GrpcStatuses.unavailable("interrupted; retry");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the topology", e.getCause());
        }
    }

    private static StatusRuntimeException notFound(String field) {
        return GrpcStatuses.of(new DomainException(io.agentassembly.command.api.common.ErrorCode.AGENT_NOT_FOUND,
                field, field + " names no agent of the caller's org"));
    }

    private static TreeNode node(TreeView tree) {
        TreeNode.Builder node = TreeNode.newBuilder().setAgent(agentOf(tree.agent()));
        tree.children().forEach(child -> node.addChildren(node(child)));
        return node.build();
    }

    static TopologyAgent agentOf(TopologyAgentView view) {
        TopologyAgent.Builder agent = TopologyAgent.newBuilder().setId(view.agentId()).setName(view.name())
                .setDepth(view.depth()).setStatus(view.status()).setTeamId(view.teamId());
        if (view.delegationReason() != null) {
            agent.setDelegationReason(view.delegationReason());
        }
        if (view.spawnedByTool() != null) {
            agent.setSpawnedByTool(view.spawnedByTool());
        }
        return agent.build();
    }

    private interface Call<R> {
        R answer(AgentPrincipal agent);
    }

    private <R> void respond(StreamObserver<R> observer, Call<R> call) {
        try {
            AgentPrincipal agent = authenticate();
            R answer = blocking.run(agent.workspaceId(), (Supplier<R>) () -> call.answer(agent));
            observer.onNext(answer);
            observer.onCompleted();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        } catch (DomainException e) {
            observer.onError(GrpcStatuses.of(e));
        }
    }

    private AgentPrincipal authenticate() {
        return BearerMetadata.current().flatMap(credentials::authenticate)
                .orElseThrow(() -> GrpcStatuses.unauthenticated("send the agent's credential token as "
                        + "'authorization: Bearer aasa_…' metadata; it is missing, unknown, rotated or revoked"));
    }
}
