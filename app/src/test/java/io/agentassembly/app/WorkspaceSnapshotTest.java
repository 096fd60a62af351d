package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace loaded from its snapshot decides as one replayed from its events: members with their roles and
 * status, pending invitations and quota slots all survive the snapshot (the test context snapshots every few
 * events, so every other integration test loads snapshotted workspaces too).
 */
class WorkspaceSnapshotTest extends IntegrationTest {

    @Test
    void aSnapshottedWorkspaceKeepsItsMembersInvitationsAndQuotaSlots() throws Exception {
        Member owner = tenants.signUp("free");
        Member developer = tenants.invite(owner, "DEVELOPER");
        String pendingEmail = "pending-" + owner.email();
        assertThat(api.post("/api/v1/invitations", owner.accessToken(),
                json("email", pendingEmail, "role", "VIEWER")).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/users/" + developer.userId() + "/deactivate", owner.accessToken(), null)
                .status()).isEqualTo(200);

        awaitSnapshotOf(owner.workspaceId());

        Api.Response lastOwner = api.post("/api/v1/users/" + owner.userId() + "/deactivate", owner.accessToken(), null);
        assertThat(lastOwner.status()).isEqualTo(409);
        assertThat(lastOwner.text("code")).isEqualTo("LAST_OWNER");

        Api.Response inactive = api.put("/api/v1/users/" + developer.userId() + "/role", owner.accessToken(),
                json("role", "ADMIN"));
        assertThat(inactive.text("code")).as(inactive.body().toString()).isEqualTo("USER_NOT_ACTIVE");

        Api.Response again = api.post("/api/v1/invitations", owner.accessToken(),
                json("email", pendingEmail, "role", "VIEWER"));
        assertThat(again.text("code")).as(again.body().toString()).isEqualTo("INVITATION_PENDING");

        assertThat(api.post("/api/v1/users/" + developer.userId() + "/reactivate", owner.accessToken(), null)
                .status()).isEqualTo(200);
        assertThat(api.put("/api/v1/users/" + developer.userId() + "/role", owner.accessToken(),
                json("role", "ADMIN")).status()).isEqualTo(200);
    }

    /** Policies scoped to no org hold slots with a null org: the snapshot must keep them (a map of nulls). */
    @Test
    void aSnapshottedWorkspaceKeepsItsQuotaSlots() throws Exception {
        Member owner = tenants.signUp("free");
        for (int i = 1; i <= 5; i++) {
            assertThat(applyGlobalPolicy(owner, "global-" + i).status()).isEqualTo(200);
        }
        awaitSnapshotOf(owner.workspaceId());

        Api.Response sixth = applyGlobalPolicy(owner, "global-6");
        assertThat(sixth.status()).as(sixth.body().toString()).isEqualTo(409);
        assertThat(sixth.text("code")).isEqualTo("QUOTA_EXCEEDED");
    }

    /** A workspace whose history alone is past the threshold is snapshotted by a command that changes nothing. */
    @Test
    void loadingALongHistoryTakesASnapshot() throws Exception {
        Member owner = tenants.signUp("free");
        Member developer = tenants.invite(owner, "DEVELOPER");
        awaitSnapshotOf(owner.workspaceId());
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.user(), DATABASE.password());
             PreparedStatement delete = connection.prepareStatement(
                     "delete from snapshotevententry where aggregateidentifier = ?")) {
            delete.setString(1, owner.workspaceId());
            delete.executeUpdate();
        }

        assertThat(api.put("/api/v1/users/" + developer.userId() + "/role", owner.accessToken(),
                json("role", "DEVELOPER")).status()).isEqualTo(200);

        awaitSnapshotOf(owner.workspaceId());
    }

    private Api.Response applyGlobalPolicy(Member owner, String name) {
        return api.send("POST", "/api/v1/policies", owner.accessToken(), "application/yaml", """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: %s }
                spec:
                  scope: global
                  tools: { shell: { allow: false } }
                """.formatted(name));
    }

    /** Snapshots are taken on a thread of their own after the command commits. */
    private static void awaitSnapshotOf(String workspaceId) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (snapshotsOf(workspaceId) == 0) {
            assertThat(System.nanoTime()).as("a snapshot of " + workspaceId + " within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static int snapshotsOf(String workspaceId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.user(), DATABASE.password());
             PreparedStatement query = connection.prepareStatement(
                     "select count(*) from snapshotevententry where aggregateidentifier = ? and type = 'Workspace'")) {
            query.setString(1, workspaceId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
