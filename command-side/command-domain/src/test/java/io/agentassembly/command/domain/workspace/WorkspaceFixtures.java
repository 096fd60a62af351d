package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceEvents.CreationPath;
import io.agentassembly.command.api.workspace.WorkspaceEvents.JoinedVia;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.domain.fakes.InMemoryAgentClaims;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import io.agentassembly.command.domain.fakes.InMemoryEmailClaims;
import io.agentassembly.command.domain.fakes.InMemoryGroupMemberships;
import io.agentassembly.command.domain.fakes.InMemoryPasswordCredentials;
import io.agentassembly.command.domain.fakes.InMemorySlugClaims;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;

import java.time.Duration;
import java.time.Instant;

/** Shared ids, given events and a fixture wired with in-memory stores. */
final class WorkspaceFixtures {

    static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    static final String NAME = "Acme Robotics";
    static final String SLUG = "acme-robotics";
    static final String OWNER = "usr-owner";
    static final String OWNER_EMAIL = "owner@acme.example";
    static final PasswordHash HASH = new PasswordHash("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA");

    final InMemorySlugClaims slugs = new InMemorySlugClaims();
    final InMemoryEmailClaims emails = new InMemoryEmailClaims();
    final InMemoryPasswordCredentials passwords = new InMemoryPasswordCredentials();
    final InMemoryAgentClaims agents = new InMemoryAgentClaims();
    final InMemoryCredentialDigests digests = new InMemoryCredentialDigests();
    final InMemoryGroupMemberships groupMembers = new InMemoryGroupMemberships();
    final FixtureConfiguration<Workspace> fixture = new AggregateTestFixture<>(Workspace.class);

    WorkspaceFixtures() {
        fixture.registerInjectableResource(slugs);
        fixture.registerInjectableResource(emails);
        fixture.registerInjectableResource(passwords);
        fixture.registerInjectableResource(agents);
        fixture.registerInjectableResource(digests);
        fixture.registerInjectableResource(groupMembers);
    }

    static Instant inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days));
    }

    static Instant hoursAgo(int hours) {
        return Instant.now().minus(Duration.ofHours(hours));
    }

    static WorkspaceCreatedEvent created(Tier tier, WorkspaceStatus status) {
        CreationPath path = tier == Tier.ENTERPRISE ? CreationPath.OPERATOR : CreationPath.SELF_SERVE;
        return new WorkspaceCreatedEvent(WS, NAME, SLUG, Region.EU_WEST_1, tier, tier.defaultQuotas(), path, status,
                status == WorkspaceStatus.PENDING_VERIFICATION ? inDays(2) : null);
    }

    static UserJoinedWorkspaceEvent joined(String userId, Role role) {
        return new UserJoinedWorkspaceEvent(WS, userId, userId + "@acme.example", null, role, JoinedVia.INVITATION);
    }

    static UserJoinedWorkspaceEvent ownerSignedUp() {
        return new UserJoinedWorkspaceEvent(WS, OWNER, OWNER_EMAIL, "Olivia Owner", Role.OWNER, JoinedVia.SIGN_UP);
    }

    static UserInvitedEvent invited(String invitationId, String email, Role role, Instant expiresAt) {
        return new UserInvitedEvent(WS, invitationId, email, role, expiresAt);
    }
}
