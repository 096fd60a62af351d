package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.audit.AuditChain;
import io.agentassembly.app.audit.AuditChainer;
import io.agentassembly.app.audit.AuditCheckpoints;
import io.agentassembly.app.audit.AuditSignatures;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit chain (docs/audit.md): linked by the server, verified from the database by GET /audit/verify, which
 * names the first broken link when a row is edited, deleted or inserted, even when the forger re-links the chain.
 */
class AuditChainTest extends GatewayIntegrationTest {

    @Autowired
    AuditChainer chainer;

    private List<Long> sequences;

    /**
     * A workspace with some history, another workspace's entries between its own (so there are sequences in the
     * middle of the chain that are not its own), and decisions appended in batches.
     */
    @BeforeEach
    void history() {
        api.post("/api/v1/api-keys", owner.accessToken(), json("name", "first"));
        Member other = tenants.signUp("pro");
        api.post("/api/v1/api-keys", other.accessToken(), json("name", "interleaved"));
        tenants.invite(owner, "ADMIN");
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "chained");
        for (int i = 0; i < 3; i++) {
            gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
        }
        api.post("/api/v1/api-keys", other.accessToken(), json("name", "interleaved-2"));
        api.post("/api/v1/api-keys", owner.accessToken(), json("name", "last"));
        sequences = awaitChained(owner.workspaceId());
    }

    @Test
    void aCleanChainVerifiesAndEveryEntryIsLinkedToTheOneBefore() {
        JsonNode verification = verify(owner);
        assertThat(verification.path("ok").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("entries_checked").asLong()).isEqualTo(sequences.size());
        assertThat(verification.path("chained_through").asLong()).isEqualTo(sequences.getLast());
        assertThat(verification.path("checkpoints_checked").asLong()).isPositive();
        assertThat(verification.path("first_broken").isNull() || verification.path("first_broken").isMissingNode()).isTrue();
        assertThat(db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ? and event_type = ?",
                owner.workspaceId(), "AgentActionDecided"))).as("decisions are chained too").isEqualTo(3);
        byte[] previous = AuditChain.GENESIS;
        for (Record row : db.fetch("select prev_hash, hash from audit_entry where workspace_id = ? order by global_sequence",
                owner.workspaceId())) {
            assertThat(row.get(0, byte[].class)).isEqualTo(previous);
            previous = row.get(1, byte[].class);
        }
    }

    @Test
    void anEditedEntryIsReportedAtItsSequence() {
        long edited = sequences.get(sequences.size() / 2);
        String original = db.fetchValue("select payload::text from audit_entry where global_sequence = ?", edited).toString();
        db.execute("update audit_entry set payload = payload || '{\"forged\": true}'::jsonb where global_sequence = ?", edited);
        JsonNode broken = firstBroken(owner);
        assertThat(broken.path("sequence").asLong()).isEqualTo(edited);
        assertThat(broken.path("problem").asText()).isEqualTo("hash_mismatch");
        assertThat(broken.path("expected").asText()).isNotEqualTo(broken.path("found").asText());

        db.execute("update audit_entry set payload = ?::jsonb where global_sequence = ?", original, edited);
        assertThat(verify(owner).path("ok").asBoolean()).isTrue();

        db.execute("update audit_entry set actor_id = 'someone-else' where global_sequence = ?", sequences.getFirst());
        assertThat(firstBroken(owner).path("sequence").asLong()).as("the actor is chained").isEqualTo(sequences.getFirst());
    }

    @Test
    void aDeletedEntryIsReportedAtTheEntryAfterIt() {
        int index = sequences.size() / 2;
        db.execute("delete from audit_entry where global_sequence = ?", sequences.get(index));
        JsonNode broken = firstBroken(owner);
        assertThat(broken.path("sequence").asLong()).isEqualTo(sequences.get(index + 1));
        assertThat(broken.path("after_sequence").asLong()).isEqualTo(sequences.get(index - 1));
        assertThat(broken.path("problem").asText()).isEqualTo("prev_hash_mismatch");
    }

    @Test
    void aDeletedLastEntryIsReportedAtTheHead() {
        db.execute("delete from audit_entry where global_sequence = ?", sequences.getLast());
        JsonNode broken = firstBroken(owner);
        assertThat(broken.path("sequence").asLong()).isEqualTo(sequences.getLast());
        assertThat(broken.path("problem").asText()).isIn("entry_missing", "head_mismatch");
    }

    @Test
    void anInsertedEntryIsReportedAtItsSequence() {
        long inserted = freeSequenceInTheMiddle();
        db.execute("""
                insert into audit_entry (global_sequence, event_id, workspace_id, org_id, aggregate_id, event_type,
                                         actor_type, actor_id, occurred_at, payload)
                values (?, 'forged', ?, null, ?, 'ApiKeyCreated', 'USER', 'nobody', now(), '{}'::jsonb)
                """, inserted, owner.workspaceId(), owner.workspaceId());
        JsonNode broken = firstBroken(owner);
        assertThat(broken.path("sequence").asLong()).isEqualTo(inserted);
        assertThat(broken.path("problem").asText()).isEqualTo("entry_not_linked");
        chainer.chainAll();
        assertThat(firstBroken(owner).path("sequence").asLong()).as("the chainer never links an entry below its head")
                .isEqualTo(inserted);
    }

    /**
     * A forger who knows the (public) encoding inserts an entry and re-links every entry after it and the head:
     * the links agree again, but the signed checkpoint at the old head no longer matches.
     */
    @Test
    void aForgerWhoRelinksTheWholeChainIsCaughtByTheSignedCheckpoint() {
        long inserted = freeSequenceInTheMiddle();
        db.execute("""
                insert into audit_entry (global_sequence, event_id, workspace_id, org_id, aggregate_id, event_type,
                                         actor_type, actor_id, occurred_at, payload)
                values (?, 'forged', ?, null, ?, 'ApiKeyCreated', 'USER', 'nobody', now(), '{}'::jsonb)
                """, inserted, owner.workspaceId(), owner.workspaceId());
        byte[] previous = AuditChain.GENESIS;
        for (Record row : db.fetch("select global_sequence, occurred_at, event_type, actor_type, actor_id, org_id, "
                + "payload::text from audit_entry where workspace_id = ? order by global_sequence", owner.workspaceId())) {
            byte[] digest = AuditChain.payloadDigest(row.get(6, String.class));
            byte[] hash = AuditChain.hash(new AuditChain.Link(owner.workspaceId(), row.get(0, Long.class),
                    row.get(1, OffsetDateTime.class), row.get(2, String.class), row.get(3, String.class),
                    row.get(4, String.class), row.get(5, String.class), digest), previous);
            db.execute("update audit_entry set payload_digest = ?, prev_hash = ?, hash = ? where global_sequence = ?",
                    digest, previous, hash, row.get(0, Long.class));
            previous = hash;
        }
        db.execute("update audit_chain_head set last_hash = ? where workspace_id = ?", previous, owner.workspaceId());
        JsonNode broken = firstBroken(owner);
        assertThat(broken.path("problem").asText()).isEqualTo("checkpoint_mismatch");
        long firstCheckpoint = ((Number) db.fetchValue("select min(sequence) from audit_checkpoint where workspace_id = ? "
                + "and sequence > ?", owner.workspaceId(), inserted)).longValue();
        assertThat(broken.path("sequence").asLong()).isEqualTo(firstCheckpoint);
    }

    @Test
    void checkpointsAreSignedWithTheWorkspacesPublishedKeyAndItsPrivateKeyIsSealed() {
        Api.Response key = api.get("/api/v1/audit/public-key", owner.accessToken());
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.text("algorithm")).isEqualTo("Ed25519");
        Record checkpoint = db.fetchOne("select sequence, hash, entries, signed_at, signature from audit_checkpoint "
                + "where workspace_id = ? order by sequence desc limit 1", owner.workspaceId());
        String message = AuditCheckpoints.message(owner.workspaceId(), checkpoint.get(0, Long.class),
                checkpoint.get(1, byte[].class), checkpoint.get(2, Long.class),
                checkpoint.get(3, OffsetDateTime.class).toInstant());
        assertThat(AuditSignatures.verify(key.text("public_key"), message, checkpoint.get(4, String.class))).isTrue();
        assertThat(AuditSignatures.verify(key.text("public_key"), message + " ", checkpoint.get(4, String.class))).isFalse();

        String sealed = db.fetchValue("select sealed_private_key from audit_signing_key where workspace_id = ?",
                owner.workspaceId()).toString();
        assertThat(sealed).startsWith("v1.");
        Api.Response otherKey = api.get("/api/v1/audit/public-key", tenants.signUp("pro").accessToken());
        assertThat(otherKey.text("public_key")).as("one key per workspace").isNotEqualTo(key.text("public_key"));
    }

    @Test
    void verifyIsForOwnersAndAdminsAndCoversOnlyTheCallersWorkspace() {
        Member developer = tenants.invite(owner, "DEVELOPER");
        Api.Response refused = api.get("/api/v1/audit/verify", developer.accessToken());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit/public-key", developer.accessToken()).status()).isEqualTo(200);

        Member stranger = tenants.signUp("pro");
        db.execute("delete from audit_entry where global_sequence = ?", sequences.get(1));
        JsonNode theirs = verify(stranger);
        assertThat(theirs.path("workspace_id").asText()).isEqualTo(stranger.workspaceId());
        assertThat(theirs.path("ok").asBoolean()).as("another workspace's broken chain is not theirs").isTrue();
        assertThat(verify(owner).path("ok").asBoolean()).isFalse();
    }

    private long freeSequenceInTheMiddle() {
        for (int i = 1; i < sequences.size(); i++) {
            for (long s = sequences.get(i - 1) + 1; s < sequences.get(i); s++) {
                if (db.fetchCount(db.selectFrom("audit_entry").where("global_sequence = ?", s)) == 0) {
                    return s;
                }
                // Another workspace's entry: a forger removes it and puts a forged one of this workspace there.
                db.execute("delete from audit_entry where global_sequence = ?", s);
                return s;
            }
        }
        throw new AssertionError("no sequence between this workspace's entries: " + sequences);
    }

    private JsonNode verify(Member member) {
        Api.Response response = api.get("/api/v1/audit/verify", member.accessToken());
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private JsonNode firstBroken(Member member) {
        JsonNode verification = verify(member);
        assertThat(verification.path("ok").asBoolean()).as(verification.toString()).isFalse();
        return verification.path("first_broken");
    }

    /** Waits until every event of the workspace has its entry and the chainer has linked them all. */
    private List<Long> awaitChained(String workspace) {
        long last = ((Number) db.fetchValue("select max(globalindex) from domainevententry")).longValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (chainer.horizon().orElse(-1) < last) {
                return false;
            }
            chainer.chainAll();
            Object head = db.fetchValue("select last_sequence from audit_chain_head where workspace_id = ?", workspace);
            Object newest = db.fetchValue("select max(global_sequence) from audit_entry where workspace_id = ? "
                    + "and global_sequence <= ?", workspace, last);
            return head != null && newest != null && ((Number) head).longValue() >= ((Number) newest).longValue()
                    && db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ? and hash is null",
                    workspace)) == 0;
        });
        return db.fetch("select global_sequence from audit_entry where workspace_id = ? order by global_sequence",
                workspace).getValues(0, Long.class);
    }
}
