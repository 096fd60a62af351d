package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.ScimClients;
import io.agentassembly.app.support.Tenants;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flows Okta and Entra ID run against /scim/v2, driven by UnboundID's SCIM 2 client (and, for what no client
 * library sends, Entra ID's capitalised PATCH bodies, by the JAX-RS client underneath).
 */
class ScimIdentityProviderFlowsTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIM = "application/scim+json";

    private static UserResource user(String email) {
        UserResource user = new UserResource().setUserName(email).setDisplayName("Ada Lovelace")
                .setName(new Name().setGivenName("Ada").setFamilyName("Lovelace"))
                .setEmails(List.of(new Email().setValue(email).setType("work").setPrimary(true)))
                .setActive(true);
        user.setExternalId("00u" + UUID.randomUUID().toString().substring(0, 8));
        return user;
    }

    @Test
    void oktaProvisionsFindsDeactivatesAndGroupsAUser() throws Exception {
        Tenants.Member owner = tenants.signUp("business");
        ScimService okta = ScimClients.service(port, ScimClients.token(api, owner));
        String email = Tenants.uniqueEmail("ada");

        ListResponse<UserResource> none = okta.searchRequest("Users")
                .filter(Filter.eq("userName", email).toString()).invoke(UserResource.class);
        assertThat(none.getTotalResults()).isZero();

        UserResource created = okta.create("Users", user(email));
        assertThat(created.getId()).startsWith("usr-");
        assertThat(created.getUserName()).isEqualTo(email);
        assertThat(created.getMeta().getVersion()).isEqualTo("W/\"2\"");

        ListResponse<UserResource> found = okta.searchRequest("Users")
                .filter(Filter.eq("userName", email.toUpperCase()).toString()).invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources().get(0).getId()).isEqualTo(created.getId());

        // the console sees the same user, as a Viewer (the default role)
        Api.Response consoleUser = api.get("/api/v1/users/" + created.getId(), owner.accessToken());
        assertThat(consoleUser.status()).as(consoleUser.body().toString()).isEqualTo(200);
        assertThat(consoleUser.text("role")).isEqualTo("VIEWER");
        assertThat(consoleUser.text("managed_by")).isEqualTo("IDENTITY_PROVIDER");

        UserResource deactivated = okta.modifyRequest("Users", created.getId()).replaceValue("active", false)
                .invoke(UserResource.class);
        assertThat(deactivated.getActive()).isFalse();
        assertThat(api.get("/api/v1/users/" + created.getId(), owner.accessToken()).text("status"))
                .isEqualTo("INACTIVE");

        // the console may not reactivate what the identity provider manages
        Api.Response refused = api.post("/api/v1/users/" + created.getId() + "/reactivate", owner.accessToken(), null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("MANAGED_BY_IDENTITY_PROVIDER");

        okta.modifyRequest("Users", created.getId()).replaceValue("active", true).invoke(UserResource.class);

        // group → role mapping: members of aaa-admins are Admins
        Api.Response mapped = api.put("/api/v1/group-role-mapping", owner.accessToken(), json("groups",
                List.of(json("group", "aaa-admins", "role", "ADMIN")), "default_role", "VIEWER"));
        assertThat(mapped.status()).as(mapped.body().toString()).isEqualTo(200);

        GroupResource group = new GroupResource().setDisplayName("aaa-admins")
                .setMembers(List.of(new Member().setValue(created.getId())));
        GroupResource admins = okta.create("Groups", group);
        assertThat(admins.getMembers()).extracting(Member::getValue).containsExactly(created.getId());
        assertThat(api.get("/api/v1/users/" + created.getId(), owner.accessToken()).text("role")).isEqualTo("ADMIN");
        assertThat(okta.retrieve("Users", created.getId(), UserResource.class).getGroups())
                .extracting(com.unboundid.scim2.common.types.Group::getValue).containsExactly(admins.getId());

        // Okta removes a member with a value filter in the path
        Response removed = ScimClients.target(port, ScimClients.token(api, owner)).path("Groups").path(admins.getId())
                .request(SCIM).method("PATCH", Entity.entity("""
                        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations":[{"op":"remove","path":"members[value eq \\"%s\\"]"}]}
                        """.formatted(created.getId()), SCIM));
        assertThat(removed.getStatus()).isEqualTo(204);
        assertThat(okta.retrieve("Groups", admins.getId(), GroupResource.class).getMembers()).isNullOrEmpty();
        assertThat(api.get("/api/v1/users/" + created.getId(), owner.accessToken()).text("role")).isEqualTo("VIEWER");

        // DELETE deactivates: the user remains, inactive
        okta.delete("Users", created.getId());
        UserResource afterDelete = okta.retrieve("Users", created.getId(), UserResource.class);
        assertThat(afterDelete.getActive()).isFalse();
        okta.delete("Groups", admins.getId());
        assertThatThrownBy(() -> okta.retrieve("Groups", admins.getId(), GroupResource.class))
                .isInstanceOf(ScimException.class).extracting(e -> ((ScimException) e).getScimError().getStatus())
                .isEqualTo(404);
    }

    @Test
    void entraIdPatchesWithCapitalisedOpsValueListsAndStringBooleans() throws Exception {
        Tenants.Member owner = tenants.signUp("business");
        String token = ScimClients.token(api, owner);
        ScimService entra = ScimClients.service(port, token);
        UserResource alice = entra.create("Users", user(Tenants.uniqueEmail("alice")));
        UserResource bob = entra.create("Users", user(Tenants.uniqueEmail("bob")));
        GroupResource group = entra.create("Groups", new GroupResource().setDisplayName("Engineering"));

        Response added = patch(token, "Groups/" + group.getId(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}]}
                """.formatted(alice.getId(), bob.getId()));
        assertThat(added.getStatus()).isEqualTo(204);
        assertThat(entra.retrieve("Groups", group.getId(), GroupResource.class).getMembers()).hasSize(2);

        Response removed = patch(token, "Groups/" + group.getId(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Remove","path":"members","value":[{"value":"%s"}]}]}
                """.formatted(alice.getId()));
        assertThat(removed.getStatus()).isEqualTo(204);
        assertThat(entra.retrieve("Groups", group.getId(), GroupResource.class).getMembers())
                .extracting(Member::getValue).containsExactly(bob.getId());

        Response deactivated = patch(token, "Users/" + alice.getId(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}
                """);
        assertThat(deactivated.getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(deactivated.readEntity(String.class)).path("active").asBoolean(true)).isFalse();

        Response enterprise = patch(token, "Users/" + bob.getId(), """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"},
                               {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"%s"}]}
                """.formatted(Tenants.uniqueEmail("bob.work")));
        assertThat(enterprise.getStatus()).as(enterprise.readEntity(String.class)).isEqualTo(200);
        GenericScimResource bobNow = entra.retrieve("Users", bob.getId(), GenericScimResource.class);
        JsonNode extension = bobNow.getObjectNode().path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(extension.path("department").asText()).isEqualTo("R&D");
        assertThat(bobNow.getObjectNode().path("schemas").toString()).contains("enterprise");
    }

    @Test
    void theIdentityProviderTakesOverAConsoleUserAndItsDeactivationRevokesSessionsAndKeysAtOnce() throws Exception {
        Tenants.Member owner = tenants.signUp("business");
        Tenants.Member developer = tenants.invite(owner, "DEVELOPER");
        String apiKey = api.post("/api/v1/api-keys", developer.accessToken(), json("name", "laptop")).text("token");
        assertThat(api.get("/api/v1/auth/me", apiKey).status()).isEqualTo(200);
        String scimToken = ScimClients.token(api, owner);
        String tokenId = api.get("/api/v1/scim/tokens", owner.accessToken()).body().get(0).path("token_id").asText();
        ScimService okta = ScimClients.service(port, scimToken);

        // the console-invited user is found by the address it signs in with: the same user, not a copy
        ListResponse<UserResource> found = okta.searchRequest("Users")
                .filter(Filter.eq("userName", developer.email()).toString()).invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources().get(0).getId()).isEqualTo(developer.userId());

        okta.modifyRequest("Users", developer.userId()).replaceValue("active", false).invoke(UserResource.class);
        assertThat(api.get("/api/v1/auth/me", developer.accessToken()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/auth/me", apiKey).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", developer.refreshToken())).status())
                .isEqualTo(401);

        // every change made with the token is the token's in the audit log
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String type : List.of("UserProfileChanged", "UserDeactivated")) {
                List<JsonNode> entries = auditEntries(owner, "event_type=" + type);
                assertThat(entries).as(type).isNotEmpty();
                assertThat(entries.getFirst().path("actor_type").asText()).isEqualTo("SCIM");
                assertThat(entries.getFirst().path("actor_id").asText()).isEqualTo(tokenId);
            }
        });
    }

    private Response patch(String token, String path, String body) {
        return ScimClients.target(port, token).path(path).request(SCIM).method("PATCH", Entity.entity(body, SCIM));
    }
}
