package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Operator-provisioned Enterprise workspaces, quota overrides and tier changes; customers cannot use them. */
class OperatorProvisioningTest extends IntegrationTest {

    @Test
    void provisionsAnEnterpriseWorkspaceWhoseOwnerJoinsFromTheInvitation() {
        String ownerEmail = Tenants.uniqueEmail("ciso");
        Api.Response provisioned = api.post("/api/v1/operator/workspaces", OPERATOR_TOKEN, json(
                "name", "Megacorp", "region", "ap-northeast-1", "purchase_order", "PO-2026-0042",
                "owner_email", ownerEmail, "baa_signed", true, "dpa_signed", true, "retention_days", 180));
        assertThat(provisioned.status()).as(provisioned.body().toString()).isEqualTo(201);
        String workspaceId = provisioned.text("workspace_id");

        Api.Response accepted = api.post("/api/v1/invitations/accept", null,
                json("token", tenants.mailedToken(ownerEmail), "password", Tenants.PASSWORD));
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.text("role")).isEqualTo("OWNER");
        Member owner = tenants.login(workspaceId, accepted.text("user_id"), ownerEmail);

        Api.Response workspace = api.get("/api/v1/workspace", owner.accessToken());
        assertThat(workspace.text("tier")).isEqualTo("enterprise");
        assertThat(workspace.text("region")).isEqualTo("ap-northeast-1");
        assertThat(workspace.text("creation_path")).isEqualTo("OPERATOR");
        assertThat(workspace.body().path("quotas").has("max_agents")).isFalse();
        assertThat(workspace.body().path("quotas").path("retention_days").asInt()).isEqualTo(180);
        assertThat(workspace.body().path("billing").path("mode").asText()).isEqualTo("INVOICE");
        assertThat(workspace.body().path("billing").path("purchase_order").asText()).isEqualTo("PO-2026-0042");
        assertThat(workspace.body().path("billing").path("baa_signed").asBoolean()).isTrue();

        Api.Response downgrade = api.put("/api/v1/workspaces/" + workspaceId + "/tier", owner.accessToken(), json("tier", "pro"));
        assertThat(downgrade.status()).isEqualTo(422);
        assertThat(downgrade.text("code")).isEqualTo("TIER_CHANGE_NOT_ALLOWED");
    }

    @Test
    void overridesQuotasAndChangesTiersForAnyWorkspace() {
        Member owner = tenants.signUp("free");
        String path = "/api/v1/operator/workspaces/" + owner.workspaceId();

        Api.Response overridden = api.put(path + "/quotas", OPERATOR_TOKEN,
                json("max_agents", 12, "max_policies", 9, "retention_days", 14, "reason", "pilot, ticket 812"));
        assertThat(overridden.status()).as(overridden.body().toString()).isEqualTo(200);
        assertThat(overridden.body().path("quotas").path("max_agents").asInt()).isEqualTo(12);

        Api.Response upgraded = api.put(path + "/tier", OPERATOR_TOKEN, json("tier", "enterprise"));
        assertThat(upgraded.status()).isEqualTo(200);
        assertThat(upgraded.text("tier")).isEqualTo("enterprise");

        Api.Response missingReason = api.deliberatelyInvalid().put(path + "/quotas", OPERATOR_TOKEN, json("max_agents", 1, "retention_days", 7));
        assertThat(missingReason.status()).isEqualTo(400);
        assertThat(missingReason.text("field")).isEqualTo("reason");

        Api.Response tooLong = api.deliberatelyInvalid().put(path + "/quotas", OPERATOR_TOKEN, json("retention_days", 400, "reason", "x"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("field")).isEqualTo("retention_days");

        assertThat(api.put("/api/v1/operator/workspaces/ws-00000000-0000-4000-8000-000000000000/tier", OPERATOR_TOKEN,
                json("tier", "pro")).status()).isEqualTo(404);
    }

    @Test
    void quotaOverridesAndACustomRetentionSurviveTierChangesUntilTheOperatorClearsThem() {
        Member owner = tenants.signUp("pro");
        String operatorPath = "/api/v1/operator/workspaces/" + owner.workspaceId();
        String ownerPath = "/api/v1/workspaces/" + owner.workspaceId();
        assertThat(api.put(operatorPath + "/quotas", OPERATOR_TOKEN, json("max_agents", 12, "max_policies", 9,
                "retention_days", 14, "reason", "pilot, ticket 813")).status()).isEqualTo(200);

        Api.Response byOwner = api.put(ownerPath + "/tier", owner.accessToken(), json("tier", "business"));
        assertThat(byOwner.status()).as(byOwner.body().toString()).isEqualTo(200);
        assertThat(byOwner.text("tier")).isEqualTo("business");
        assertQuotas(byOwner, 12, 9, 14);
        Api.Response byOperator = api.put(operatorPath + "/tier", OPERATOR_TOKEN, json("tier", "enterprise"));
        assertThat(byOperator.text("tier")).isEqualTo("enterprise");
        assertQuotas(byOperator, 12, 9, 14);

        Api.Response noReason = api.delete(operatorPath + "/quotas", OPERATOR_TOKEN);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text("field")).isEqualTo("reason");
        assertThat(api.delete(operatorPath + "/quotas?reason=x", owner.accessToken()).status()).isEqualTo(403);
        Api.Response cleared = api.delete(operatorPath + "/quotas?reason=pilot%20over", OPERATOR_TOKEN);
        assertThat(cleared.status()).as(cleared.body().toString()).isEqualTo(200);
        assertThat(cleared.body().path("quotas").has("max_agents")).as("enterprise: unlimited").isFalse();
        assertThat(cleared.body().path("quotas").path("retention_days").asInt()).isEqualTo(365);
        assertQuotas(api.put(operatorPath + "/tier", OPERATOR_TOKEN, json("tier", "free")), 3, 5, 7);
        assertThat(api.delete("/api/v1/operator/workspaces/ws-00000000-0000-4000-8000-000000000000/quotas?reason=x",
                OPERATOR_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void anEnterpriseRetentionSetAtProvisioningSurvivesATierChange() {
        Api.Response provisioned = api.post("/api/v1/operator/workspaces", OPERATOR_TOKEN, json(
                "name", "Retainer", "region", "eu-west-1", "purchase_order", "PO-7", "owner_email",
                Tenants.uniqueEmail("cfo"), "retention_days", 180));
        assertThat(provisioned.status()).isEqualTo(201);
        Api.Response business = api.put("/api/v1/operator/workspaces/" + provisioned.text("workspace_id") + "/tier",
                OPERATOR_TOKEN, json("tier", "business"));
        assertThat(business.status()).as(business.body().toString()).isEqualTo(200);
        assertQuotas(business, 50, 100, 180);
    }

    private static void assertQuotas(Api.Response workspace, int maxAgents, int maxPolicies, int retentionDays) {
        assertThat(workspace.status()).as(workspace.body().toString()).isEqualTo(200);
        assertThat(workspace.body().path("quotas").path("max_agents").asInt()).isEqualTo(maxAgents);
        assertThat(workspace.body().path("quotas").path("max_policies").asInt()).isEqualTo(maxPolicies);
        assertThat(workspace.body().path("quotas").path("retention_days").asInt()).isEqualTo(retentionDays);
    }

    @Test
    void customersAndAnonymousCallersCannotUseOperatorEndpoints() {
        Member owner = tenants.signUp("pro");
        Api.Response asOwner = api.deliberatelyInvalid().post("/api/v1/operator/workspaces", owner.accessToken(), json("name", "x"));
        assertThat(asOwner.status()).isEqualTo(403);
        assertThat(api.deliberatelyInvalid().post("/api/v1/operator/workspaces", null, json("name", "x")).status()).isEqualTo(401);
        assertThat(api.deliberatelyInvalid().post("/api/v1/operator/workspaces", "not-the-operator-token", json("name", "x")).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/workspace", OPERATOR_TOKEN).status()).isEqualTo(403);
    }

    @Test
    void customersChangeTiersOnlyAmongSelfServeTiersAndBillingFollowsTheTier() {
        Member owner = tenants.signUp("pro");
        String ws = "/api/v1/workspaces/" + owner.workspaceId();
        assertThat(api.put(ws + "/tier", owner.accessToken(), json("tier", "business")).text("tier")).isEqualTo("business");
        Api.Response enterprise = api.deliberatelyInvalid().put(ws + "/tier", owner.accessToken(), json("tier", "enterprise"));
        assertThat(enterprise.status()).isEqualTo(422);

        Api.Response baa = api.put(ws + "/billing", owner.accessToken(), json("payment_method_ref", "pm_card_4242", "baa_signed", true));
        assertThat(baa.status()).isEqualTo(422);
        assertThat(baa.text("code")).isEqualTo("BILLING_NOT_APPLICABLE");
        Api.Response card = api.put(ws + "/billing", owner.accessToken(), json("payment_method_ref", "pm_card_4242"));
        assertThat(card.status()).isEqualTo(200);
        assertThat(card.body().path("billing").path("mode").asText()).isEqualTo("CARD");
    }
}
