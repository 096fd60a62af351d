package io.agentassembly.app;

import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.ServerStreams;
import io.agentassembly.app.support.ServerStreams.Cancellable;
import io.agentassembly.gateway.agent.ControlChannels;
import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.ControlStreamRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.agentassembly.gateway.proto.policy.v1.OpControlMessage;
import io.agentassembly.gateway.proto.policy.v1.OpControlSignal;
import io.agentassembly.gateway.proto.policy.v1.OpControlSubscribeRequest;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Suspend, resume and kill issued in the console reach the agent's open ControlStream. */
class AgentControlStreamTest extends GatewayIntegrationTest {

    @Autowired
    ControlChannels controlChannels;

    @Test
    void consoleSuspendResumeAndDeregisterReachTheConnectedAgent() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-c", "team-c", "controlled");
        String agentKey = agentKeyOf(owner, "org-c");
        BlockingQueue<Object> received = gateway.controlStream(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 1);

        api.post("/api/v1/agents/" + agentKey + "/suspend", owner.accessToken(), json("reason", "cost spike"));
        ControlCommand suspend = (ControlCommand) received.poll(5, TimeUnit.SECONDS);
        assertThat(suspend.getCommandCase()).isEqualTo(ControlCommand.CommandCase.SUSPEND);
        assertThat(suspend.getSuspend().getReason()).isEqualTo("cost spike");

        api.post("/api/v1/agents/" + agentKey + "/resume", owner.accessToken(), null);
        assertThat(((ControlCommand) received.poll(5, TimeUnit.SECONDS)).getCommandCase())
                .isEqualTo(ControlCommand.CommandCase.RESUME);

        api.delete("/api/v1/agents/" + agentKey, owner.accessToken());
        assertThat(((ControlCommand) received.poll(5, TimeUnit.SECONDS)).getCommandCase())
                .isEqualTo(ControlCommand.CommandCase.KILL);
        assertThat(received.poll(5, TimeUnit.SECONDS)).isSameAs(ServerStreams.COMPLETED);
        assertThat(controlChannels.openStreams(agentKey)).isZero();
    }

    @Test
    void aSuspendedAgentIsToldAtOnceAndAStrangerIsRefused() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-c", "team-c", "sleepy");
        String agentKey = agentKeyOf(owner, "org-c");
        api.post("/api/v1/agents/" + agentKey + "/suspend", owner.accessToken(), json("reason", "maintenance"));

        assertThat(((ControlCommand) gateway.controlStream(agent).poll(5, TimeUnit.SECONDS)).getCommandCase())
                .isEqualTo(ControlCommand.CommandCase.SUSPEND);

        Object refused = gateway.controlStream(new RegisteredAgent(agent.id(),
                "aasa_" + "0".repeat(32) + "_" + "B".repeat(43))).poll(5, TimeUnit.SECONDS);
        assertThat(refused).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void operationSignalsIssuedOverRestReachTheAgentsOpControlStreamInOrder() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-o", "team-o", "operator");
        String agentKey = agentKeyOf(owner, "org-o");
        BlockingQueue<Object> received = gateway.opControlStream(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 1);

        for (String signal : new String[]{"PAUSE", "RESUME", "TERMINATE"}) {
            assertThat(api.post("/api/v1/agents/" + agentKey + "/operations", owner.accessToken(),
                    json("op_id", "trace-7:span-3", "signal", signal)).status()).isEqualTo(202);
        }
        OpControlMessage pause = (OpControlMessage) received.poll(5, TimeUnit.SECONDS);
        OpControlMessage resume = (OpControlMessage) received.poll(5, TimeUnit.SECONDS);
        OpControlMessage terminate = (OpControlMessage) received.poll(5, TimeUnit.SECONDS);
        assertThat(pause.getSignal()).isEqualTo(OpControlSignal.OP_CONTROL_SIGNAL_PAUSE);
        assertThat(resume.getSignal()).isEqualTo(OpControlSignal.OP_CONTROL_SIGNAL_RESUME);
        assertThat(terminate.getSignal()).isEqualTo(OpControlSignal.OP_CONTROL_SIGNAL_TERMINATE);
        assertThat(terminate.getOpId()).isEqualTo("trace-7:span-3");
        assertThat(java.util.List.of(pause.getSequence(), resume.getSequence(), terminate.getSequence()))
                .containsExactly(1L, 2L, 3L);

        assertThat(api.post("/api/v1/agents/" + agentKey + "/operations", owner.accessToken(),
                json("op_id", "no-span", "signal", "PAUSE")).status()).isEqualTo(400);
        BlockingQueue<Object> anonymous = new LinkedBlockingQueue<>();
        gateway.policyStreaming(null).opControlStream(OpControlSubscribeRequest.newBuilder().setAgentId(agent.id())
                .build(), ServerStreams.collector(anonymous));
        assertThat(anonymous.poll(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void anAgentHoldsAtMostFourStreamsOfEachKindAndAClosedStreamFreesItsSlot() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-s", "team-s", "greedy");
        String agentKey = agentKeyOf(owner, "org-s");
        PolicyServiceGrpc.PolicyServiceStub policy = gateway.policyStreaming(agent.credentialToken());
        AgentLifecycleServiceGrpc.AgentLifecycleServiceStub lifecycle = gateway.lifecycleStreaming();
        ControlStreamRequest control = ControlStreamRequest.newBuilder().setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken()).build();
        OpControlSubscribeRequest operations = OpControlSubscribeRequest.newBuilder().setAgentId(agent.id()).build();

        List<Cancellable> controlStreams = new ArrayList<>();
        List<Cancellable> operationStreams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            controlStreams.add(ServerStreams.<ControlCommand>cancellable(observer -> lifecycle.controlStream(control, observer)));
            operationStreams.add(ServerStreams.<OpControlMessage>cancellable(observer -> policy.opControlStream(operations, observer)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 8);

        assertRefusedAsTooMany(ServerStreams.<ControlCommand>cancellable(observer -> lifecycle.controlStream(control, observer)), "ControlStream");
        assertRefusedAsTooMany(ServerStreams.<OpControlMessage>cancellable(observer -> policy.opControlStream(operations, observer)), "OpControlStream");
        assertThat(controlChannels.openStreams(agentKey)).isEqualTo(8);

        controlStreams.getFirst().cancel();
        operationStreams.getFirst().cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 6);
        Cancellable again = ServerStreams.<ControlCommand>cancellable(observer -> lifecycle.controlStream(control, observer));
        Cancellable operationsAgain = ServerStreams.<OpControlMessage>cancellable(observer -> policy.opControlStream(operations, observer));
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 8);
        assertThat(again.received().poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(operationsAgain.received().poll(200, TimeUnit.MILLISECONDS)).isNull();

        // a deregistration ends both kinds of stream (a kill, UNAUTHENTICATED) and frees every slot
        api.delete("/api/v1/agents/" + agentKey, owner.accessToken());
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 0);
    }

    private static void assertRefusedAsTooMany(Cancellable stream, String kind) throws InterruptedException {
        assertThat(stream.received().poll(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains("already has 4 open " + kind + " streams")
                    .contains("close one");
        });
    }
}
