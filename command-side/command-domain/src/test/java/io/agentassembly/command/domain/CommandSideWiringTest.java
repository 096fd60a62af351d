package io.agentassembly.command.domain;

import io.agentassembly.command.api.agent.AgentCommands.DeregisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.RegisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.SuspendAgentCommand;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.command.api.agent.IdentityAssurance;
import io.agentassembly.command.api.apikey.ApiKeyCommands.CreateApiKeyCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.GrantApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RequestApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalIds;
import io.agentassembly.command.api.apikey.ApiKeyCommands.RevokeApiKeyCommand;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.ErrorDetails;
import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.policy.PolicyCommands.ApplyPolicyVersionCommand;
import io.agentassembly.command.api.policy.PolicyCommands.DeactivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.PolicyChange;
import io.agentassembly.command.api.policy.PolicyIds;
import io.agentassembly.command.api.scim.ScimTokenCommands.RevokeScimTokenCommand;
import io.agentassembly.command.api.session.SessionCommands.RefreshUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.SignInMethod;
import io.agentassembly.command.api.session.SessionCommands.StartUserSessionCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.SignUpWorkspaceCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.VerifyWorkspaceEmailCommand;
import io.agentassembly.command.domain.fakes.InMemoryAgentClaims;
import io.agentassembly.command.domain.fakes.InMemoryApprovalClaims;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import io.agentassembly.command.domain.fakes.InMemoryEmailClaims;
import io.agentassembly.command.domain.fakes.InMemoryGroupMemberships;
import io.agentassembly.command.domain.fakes.InMemoryPasswordCredentials;
import io.agentassembly.command.domain.fakes.InMemoryRetiredRefreshTokens;
import io.agentassembly.command.domain.fakes.InMemorySlugClaims;
import io.agentassembly.command.domain.agent.AgentSlotReleaser;
import io.agentassembly.command.domain.policy.PolicySlots;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The module as a Spring application: aggregates discovered, storage ports injected into handlers, and the
 * refusal interceptor registered on the command bus by Axon's auto-configuration.
 */
@SpringBootTest(classes = CommandSideWiringTest.App.class,
        properties = {"axon.axonserver.enabled=false", "axoniq.console.enabled=false"})
class CommandSideWiringTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = DataSourceAutoConfiguration.class)
    @ComponentScan("io.agentassembly.command.domain")
    static class App {
        @Bean
        EventStorageEngine eventStorageEngine() {
            return new InMemoryEventStorageEngine();
        }

        /** The slot handlers run in the command's unit of work, as the app's processing-group registry wires them. */
        @Bean
        ConfigurerModule slotHandlersInTheCommandsUnitOfWork() {
            return configurer -> configurer.eventProcessing(processing -> {
                for (String group : List.of(AgentSlotReleaser.PROCESSING_GROUP, PolicySlots.PROCESSING_GROUP)) {
                    processing.registerSubscribingEventProcessor(group)
                            .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
                }
            });
        }

        @Bean
        DSLContext unusedDsl() {
            return DSL.using(SQLDialect.POSTGRES);
        }

        @Bean
        @Primary
        InMemoryEmailClaims emailClaims() {
            return new InMemoryEmailClaims();
        }

        @Bean
        @Primary
        InMemoryGroupMemberships groupMemberships() {
            return new InMemoryGroupMemberships();
        }

        @Bean
        @Primary
        InMemorySlugClaims slugClaims() {
            return new InMemorySlugClaims();
        }

        @Bean
        @Primary
        InMemoryPasswordCredentials passwordCredentials() {
            return new InMemoryPasswordCredentials();
        }

        @Bean
        @Primary
        InMemoryCredentialDigests credentialDigests() {
            return new InMemoryCredentialDigests();
        }

        @Bean
        @Primary
        InMemoryRetiredRefreshTokens retiredRefreshTokens() {
            return new InMemoryRetiredRefreshTokens();
        }

        @Bean
        @Primary
        InMemoryAgentClaims agentClaims() {
            return new InMemoryAgentClaims();
        }

        @Bean
        @Primary
        InMemoryApprovalClaims approvalClaims() {
            return new InMemoryApprovalClaims();
        }
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    InMemoryPasswordCredentials passwords;
    @Autowired
    EventStore eventStore;

    @Test
    void signUpRunsThroughTheBusWithTheInjectedStores() {
        commands.sendAndWait(new SignUpWorkspaceCommand(WS, "Acme", "acme", Region.EU_WEST_1, Tier.PRO, "usr-1",
                "owner@acme.example", null, new PasswordHash("$argon2id$h"), "ver-1", inDays(1), inDays(2)));

        assertThat(passwords.of("usr-1")).isEqualTo(new PasswordHash("$argon2id$h"));
    }

    @Test
    void aRefusalReachesTheSenderAsTypedErrorDetails() {
        commands.sendAndWait(new CreateApiKeyCommand("key-1", WS, "usr-1", "ci", new SecretDigest("a".repeat(64))));

        assertThatThrownBy(() -> commands.sendAndWait(new RevokeApiKeyCommand("key-1", "ws-other")))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails()).contains(
                        new ErrorDetails(ErrorCode.API_KEY_NOT_FOUND, "keyId", "API key not found; check the key id")));
    }

    @Test
    void aCommandForAMissingAggregateIsReportedAsNotFound() {
        assertThatThrownBy(() -> commands.sendAndWait(new RevokeApiKeyCommand("key-404", WS)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.API_KEY_NOT_FOUND));
    }

    @Test
    void aCommandForAMissingScimTokenIsReportedAsScimTokenNotFound() {
        assertThatThrownBy(() -> commands.sendAndWait(new RevokeScimTokenCommand("0123456789abcdef0123456789abcdef", WS)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.SCIM_TOKEN_NOT_FOUND));
    }

    @Test
    void aDetectedRefreshTokenReuseIsCommittedAndReportedAsFalse() {
        commands.sendAndWait(new StartUserSessionCommand("ses-1", WS, "usr-1", SignInMethod.PASSWORD,
                digest('a'), inDays(14)));
        assertThat(refresh(digest('a'), digest('b'))).isTrue();

        assertThatThrownBy(() -> refresh(digest('f'), digest('c')))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.AUTHENTICATION_FAILED));
        assertThat(refresh(digest('a'), digest('c'))).isFalse();
        assertThatThrownBy(() -> refresh(digest('b'), digest('c')))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.SESSION_ENDED));
    }

    private Boolean refresh(SecretDigest presented, SecretDigest next) {
        return commands.sendAndWait(new RefreshUserSessionCommand("ses-1", presented, next, inDays(15),
                Duration.ofDays(30)));
    }

    private static SecretDigest digest(char hex) {
        return new SecretDigest(String.valueOf(hex).repeat(64));
    }

    @Test
    void aDeregisteredAgentGivesItsQuotaSlotAndTripleBackInTheSameUnitOfWork() {
        String ws = "ws-1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        commands.sendAndWait(new SignUpWorkspaceCommand(ws, "Free Co", "free-co", Region.EU_WEST_1, Tier.FREE,
                "usr-free", "owner@free.example", null, new PasswordHash("$argon2id$h"), "ver-free", inDays(1), inDays(2)));
        commands.sendAndWait(new VerifyWorkspaceEmailCommand(ws, "ver-free"));
        String first = registerAgent(ws, "bot-1");
        registerAgent(ws, "bot-2");
        registerAgent(ws, "bot-3");
        assertThatThrownBy(() -> registerAgent(ws, "bot-4")).isInstanceOfSatisfying(CommandExecutionException.class,
                e -> assertThat(e.getDetails()).map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.QUOTA_EXCEEDED));

        commands.sendAndWait(new DeregisterAgentCommand(first, ws, "retired"));

        registerAgent(ws, "bot-1");
        assertThatThrownBy(() -> registerAgent(ws, "bot-5")).isInstanceOf(CommandExecutionException.class);
    }

    @Test
    void agentCommandsReportMissingAgentsAndWorkspacesByTheirKind() {
        assertThatThrownBy(() -> commands.sendAndWait(new SuspendAgentCommand(AgentKeys.newKey(), WS, null)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.AGENT_NOT_FOUND));
        assertThatThrownBy(() -> registerAgent("ws-00000000-0000-4000-8000-000000000404", "bot"))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.WORKSPACE_NOT_FOUND));
    }

    @Test
    void aSecondApprovalForTheSameOpenActionAndAMissingApprovalAreTypedRefusals() {
        String agentKey = AgentKeys.newKey();
        String first = ApprovalIds.newId();
        commands.sendAndWait(approvalRequest(first, agentKey));

        assertThatThrownBy(() -> commands.sendAndWait(approvalRequest(ApprovalIds.newId(), agentKey)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.APPROVAL_ALREADY_OPEN));
        assertThatThrownBy(() -> commands.sendAndWait(new GrantApprovalCommand(ApprovalIds.newId(), WS, null)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .map(d -> ((ErrorDetails) d).code()).contains(ErrorCode.APPROVAL_NOT_FOUND));
    }

    private static RequestApprovalCommand approvalRequest(String approvalId, String agentKey) {
        return new RequestApprovalCommand(approvalId, WS, "org-1", "team-1", "bot", agentKey, "TOOL_CALL", "deploy",
                "f".repeat(64), "prod/tools.deploy.requires_approval_if", null, null, inDays(1));
    }

    @Test
    void anActivationBeyondThePolicyQuotaRollsTheWholeApplyBack() {
        String ws = "ws-2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60";
        commands.sendAndWait(new SignUpWorkspaceCommand(ws, "Policy Co", "policy-co", Region.EU_WEST_1, Tier.FREE,
                "usr-pol", "owner@policy.example", null, new PasswordHash("$argon2id$h"), "ver-pol", inDays(1), inDays(2)));
        commands.sendAndWait(new VerifyWorkspaceEmailCommand(ws, "ver-pol"));
        for (int i = 1; i <= 5; i++) {
            applyPolicy(ws, "policy-" + i);
        }

        assertThatThrownBy(() -> applyPolicy(ws, "policy-6")).satisfies(e -> assertThat(detailsIn(e))
                .isEqualTo(new ErrorDetails(ErrorCode.QUOTA_EXCEEDED, null,
                        "policy policy-6 cannot be activated: the free tier allows 5 active policies; "
                                + "deactivate one or upgrade")));
        assertThat(eventStore.readEvents(PolicyIds.of(ws, "policy-6")).asStream()).isEmpty();

        commands.sendAndWait(new DeactivatePolicyCommand(PolicyIds.of(ws, "policy-1"), ws));
        PolicyChange sixth = applyPolicy(ws, "policy-6");
        assertThat(sixth.active()).isTrue();
    }

    private PolicyChange applyPolicy(String workspaceId, String name) {
        return commands.sendAndWait(new ApplyPolicyVersionCommand(PolicyIds.of(workspaceId, name), workspaceId, name,
                "global", null, "enforce", "sha256:" + "0".repeat(64), "metadata: {name: " + name + "}"));
    }

    /** The refusal carried somewhere in the cause chain of what the sender got. */
    private static ErrorDetails detailsIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof CommandExecutionException e && e.getDetails().orElse(null) instanceof ErrorDetails d) {
                return d;
            }
        }
        throw new AssertionError("no ErrorDetails in " + thrown, thrown);
    }

    private String registerAgent(String workspaceId, String agentId) {
        String key = AgentKeys.newKey();
        commands.sendAndWait(new RegisterAgentCommand(workspaceId, key, new AgentIdentity("org-1", "team-1", agentId),
                agentId, null, null, null, null, null, null, IdentityAssurance.ASSERTED, null,
                new SecretDigest("e".repeat(64))));
        return key;
    }

    private static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days));
    }
}
