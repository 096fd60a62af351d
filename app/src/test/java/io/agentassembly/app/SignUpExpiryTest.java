package io.agentassembly.app;

import io.agentassembly.app.signup.SignUpExpirySweeper;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceCommands.SignUpWorkspaceCommand;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.password.PasswordHasher;
import io.agentassembly.identity.token.SecretTokens;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An unverified sign-up holds its e-mail and slug only until it lapses: a new sign-up takes lapsed claims over in
 * its own unit of work, and the sweeper closes lapsed sign-ups on its own. (The shared context's sweeper runs
 * hourly; these tests call it. The lapsing sign-ups are sent as commands with a one-second lifetime: the REST
 * edge gives them {@code aasm.signup.unverified-claim-lifetime}.)
 */
class SignUpExpiryTest extends IntegrationTest {

    private static final Duration LIFETIME = Duration.ofSeconds(1);

    @Autowired
    DSLContext db;
    @Autowired
    ActorCommandGateway commands;
    @Autowired
    PasswordHasher passwords;
    @Autowired
    SignUpExpirySweeper sweeper;

    private record Lapsing(String workspaceId, String userId, Instant pendingUntil) {
    }

    private Lapsing lapsingSignUp(String email, String slug) {
        String workspaceId = "ws-" + UUID.randomUUID();
        String userId = "usr-" + UUID.randomUUID();
        Instant now = Instant.now();
        commands.send(new SignUpWorkspaceCommand(workspaceId, "Lapsing Co", slug, Region.US_EAST_1, Tier.FREE, userId,
                email, null, passwords.hash(Tenants.PASSWORD), SecretTokens.newCompactId(), now.plus(Duration.ofDays(3)),
                now.plus(LIFETIME)), new Actor(ActorType.USER, userId));
        return new Lapsing(workspaceId, userId, now.plus(LIFETIME));
    }

    private static void awaitLapse(Lapsing signUp) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(signUp.pendingUntil()));
    }

    private Api.Response signUp(String email, String slug) {
        return api.post("/api/v1/signup", null, json("email", email, "password", Tenants.PASSWORD,
                "workspace_name", "Second Try", "region", "us-east-1", "tier", "free", "slug", slug));
    }

    private static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String expiryActor(String workspaceId) {
        return db.fetchValue("select (metadata->>'actorType') || ':' || (metadata->>'actorId') from event_log "
                + "where aggregateidentifier = ? and payloadtype like '%$WorkspaceSignUpExpiredEvent'", workspaceId)
                .toString();
    }

    private int expiries(String workspaceId) {
        return db.fetchCount(db.selectFrom("event_log").where("aggregateidentifier = ? and payloadtype like ?",
                workspaceId, "%$WorkspaceSignUpExpiredEvent"));
    }

    private String workspaceStatus(String workspaceId) {
        return db.fetchValue("select status from workspace_view where workspace_id = ?", workspaceId).toString();
    }

    @Test
    void aNewSignUpTakesOverTheSlugOfALapsedOneWithTheSameAddressInItsOwnUnitOfWork() {
        String email = Tenants.uniqueEmail("lapsed");
        String slug = slug("lapsed");
        Lapsing old = lapsingSignUp(email, slug);
        String oldLink = tenants.mailedToken(email);
        awaitLapse(old);

        Api.Response again = signUp(email.toUpperCase(), slug);

        assertThat(again.status()).as(again.body().toString()).isEqualTo(202);
        assertThat(expiries(old.workspaceId())).isEqualTo(1);
        assertThat(expiryActor(old.workspaceId())).isEqualTo("SYSTEM:sign-up-expiry");
        assertThat(workspaceStatus(old.workspaceId())).isEqualTo("EXPIRED");

        String newLink = tenants.mailedToken(email, 2);
        Api.Response stale = api.post("/api/v1/signup/verify", null, json("token", oldLink));
        assertThat(stale.status()).isEqualTo(410);
        assertThat(stale.text("code")).isEqualTo("TOKEN_EXPIRED");
        assertThat(api.post("/api/v1/signup/verify", null, json("token", newLink)).status()).isEqualTo(200);
        Api.Response login = api.post("/api/v1/auth/login", null, json("email", email, "password", Tenants.PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        Api.Response me = api.get("/api/v1/auth/me", login.text("access_token"));
        assertThat(me.text("workspace_id")).isNotEqualTo(old.workspaceId());
        assertThat(api.get("/api/v1/workspace", login.text("access_token")).text("slug")).isEqualTo(slug);
    }

    @Test
    void aNewSignUpTakesOverTheSlugAloneAndTheLapsedAddressIsFreeAgain() {
        String lapsedEmail = Tenants.uniqueEmail("lapsed");
        String slug = slug("taken-over");
        Lapsing old = lapsingSignUp(lapsedEmail, slug);
        tenants.mailedToken(lapsedEmail);
        awaitLapse(old);

        assertThat(signUp(Tenants.uniqueEmail("newcomer"), slug).status()).isEqualTo(202);
        assertThat(workspaceStatus(old.workspaceId())).isEqualTo("EXPIRED");

        assertThat(signUp(lapsedEmail, slug("back")).status()).isEqualTo(202);
        assertThat(tenants.mailedToken(lapsedEmail, 2)).as("a link, not an in-use notice").isNotBlank();
    }

    @Test
    void theSweeperClosesLapsedSignUpsReleasingEveryClaimOnce() {
        String email = Tenants.uniqueEmail("swept");
        String slug = slug("swept");
        Lapsing old = lapsingSignUp(email, slug);
        String link = tenants.mailedToken(email);
        awaitLapse(old);

        Api.Response beforeSweep = api.post("/api/v1/signup/verify", null, json("token", link));
        assertThat(beforeSweep.status()).as("a lapsed sign-up cannot be verified even before it is swept")
                .isEqualTo(410);
        assertThat(db.fetchCount(db.selectFrom("email_registry").where("email = ?", email))).isEqualTo(1);
        assertThat(db.fetchValue("select min((payload ->> 'expires_at')::timestamptz) from event_log where "
                + "aggregateidentifier = ? and payloadtype like '%$EmailVerificationRequestedEvent'", old.workspaceId()))
                .as("V14 backfills legacy sign-ups from this").isNotNull();

        assertThat(sweeper.sweep()).isGreaterThanOrEqualTo(1);

        assertThat(expiries(old.workspaceId())).isEqualTo(1);
        assertThat(expiryActor(old.workspaceId())).isEqualTo("SYSTEM:sign-up-expiry");
        assertThat(workspaceStatus(old.workspaceId())).isEqualTo("EXPIRED");
        assertThat(db.fetchCount(db.selectFrom("email_registry").where("email = ?", email))).isZero();
        assertThat(db.fetchCount(db.selectFrom("slug_registry").where("slug = ?", slug))).isZero();
        assertThat(db.fetchCount(db.selectFrom("password_credential").where("user_id = ?", old.userId()))).isZero();
        assertThat(db.fetchCount(db.selectFrom("user_account").where("workspace_id = ?", old.workspaceId()))).isZero();

        sweeper.sweep();
        assertThat(expiries(old.workspaceId())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry")
                .where("workspace_id = ? and event_type = ?", old.workspaceId(), "WorkspaceSignUpExpired")) == 1);
    }
}
