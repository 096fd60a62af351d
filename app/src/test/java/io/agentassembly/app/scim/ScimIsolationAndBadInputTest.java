package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.UserResource;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.ScimClients;
import io.agentassembly.app.support.Tenants;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** A SCIM token reaches its own workspace only; bad input gets the right SCIM error and writes nothing. */
class ScimIsolationAndBadInputTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIM = "application/scim+json";
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @Autowired
    DSLContext db;

    private record Reply(int status, JsonNode body, String contentType) {
    }

    private static UserResource user(String email) {
        return new UserResource().setUserName(email).setDisplayName("Grace")
                .setEmails(List.of(new Email().setValue(email).setType("work").setPrimary(true)));
    }

    @Test
    void aTokenOfOneWorkspaceNeverSeesOrChangesAnothersUsersAndGroups() throws Exception {
        Tenants.Member ownerA = tenants.signUp("business");
        Tenants.Member ownerB = tenants.signUp("business");
        ScimService a = ScimClients.service(port, ScimClients.token(api, ownerA));
        String tokenB = ScimClients.token(api, ownerB);
        ScimService b = ScimClients.service(port, tokenB);
        String emailA = Tenants.uniqueEmail("grace");
        UserResource userA = a.create("Users", user(emailA));
        GroupResource groupA = a.create("Groups", new GroupResource().setDisplayName("admins")
                .setMembers(List.of(new Member().setValue(userA.getId()))));
        long eventsOfA = events(ownerA.workspaceId());

        for (String path : List.of("Users/" + userA.getId(), "Groups/" + groupA.getId())) {
            assertScimError(send(tokenB, "GET", path, null, null), 404, null);
            assertScimError(send(tokenB, "PUT", path, null, path.startsWith("Users")
                    ? "{\"userName\":\"" + emailA + "\"}" : "{\"displayName\":\"taken over\"}"), 404, null);
            assertScimError(send(tokenB, "PATCH", path, null, "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}"), 404, null);
            assertScimError(send(tokenB, "DELETE", path, null, null), 404, null);
        }
        assertThat(b.searchRequest("Users").filter("userName eq \"" + emailA + "\"").invoke(UserResource.class)
                .getTotalResults()).isZero();
        assertThat(b.searchRequest("Groups").invoke(GroupResource.class).getResources())
                .extracting(GroupResource::getId).doesNotContain(groupA.getId());
        // B cannot put A's user into a group of its own
        assertScimError(send(tokenB, "POST", "Groups", null, "{\"displayName\":\"b-admins\",\"members\":[{\"value\":\""
                + userA.getId() + "\"}]}"), 400, "invalidValue");
        // the same address is a different user in B (ADR 0016)
        UserResource sameAddressInB = b.create("Users", user(emailA));
        assertThat(sameAddressInB.getId()).isNotEqualTo(userA.getId());

        assertThat(events(ownerA.workspaceId())).isEqualTo(eventsOfA);
        assertThat(a.retrieve("Users", userA.getId(), UserResource.class).getActive()).isTrue();
        assertThat(a.retrieve("Groups", groupA.getId(), GroupResource.class).getDisplayName()).isEqualTo("admins");
    }

    @Test
    void badInputGetsTheRightScimErrorAndWritesNothing() throws Exception {
        Tenants.Member owner = tenants.signUp("business");
        String token = ScimClients.token(api, owner);
        UserResource user = ScimClients.service(port, token).create("Users", user(Tenants.uniqueEmail("ada")));
        String path = "Users/" + user.getId();
        long before = events(owner.workspaceId());

        assertScimError(send(token, "POST", "Users", null, "{\"userName\": \"x@y.example\","), 400, "invalidSyntax");
        assertScimError(send(token, "POST", "Users", null, "{\"userName\":\"x@y.example\",\"favouriteColour\":\"red\"}"),
                400, "invalidSyntax");
        assertScimError(send(token, "POST", "Users", null, "{\"userName\":\"x@y.example\",\"active\":\"sometimes\"}"),
                400, "invalidValue");
        assertScimError(send(token, "POST", "Users", null, "{\"userName\":\"not-an-address\"}"), 400, "invalidValue");
        assertScimError(send(token, "POST", "Users", null, "{\"userName\":\"" + user.getUserName() + "\"}"),
                409, "uniqueness");
        assertScimError(send(token, "GET", "Users?filter=userName%20eq", null, null), 400, "invalidFilter");
        assertScimError(send(token, "GET", "Users?filter=favouriteColour%20eq%20%22red%22", null, null), 400,
                "invalidFilter");
        assertScimError(send(token, "GET", "Users?count=many", null, null), 400, "invalidValue");
        assertScimError(send(token, "GET", "Users?sortBy=favouriteColour", null, null), 400, "invalidValue");
        assertScimError(send(token, "PATCH", path, null, "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"usr-mine\"}]}"), 400, "mutability");
        assertScimError(send(token, "PATCH", path, null, "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                + "\"Operations\":[{\"op\":\"jump\",\"path\":\"active\",\"value\":false}]}"), 400, "invalidSyntax");
        assertScimError(send(token, "PATCH", path, null, "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                + "\"Operations\":[{\"op\":\"add\",\"path\":\"nickname2\",\"value\":\"x\"}]}"), 400, "invalidSyntax");
        assertScimError(send(token, "PATCH", path, null, "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"fax\\\"].value\",\"value\":\"x\"}]}"),
                400, "noTarget");
        assertScimError(send(token, "PUT", path, "W/\"99\"", "{\"userName\":\"" + user.getUserName()
                + "\",\"displayName\":\"Changed\"}"), 412, null);
        assertScimError(send(token, "PATCH", path, "W/\"1\"", "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"), 412, null);
        assertScimError(send(token, "DELETE", path, "\"1\"", null), 412, null);

        assertThat(events(owner.workspaceId())).isEqualTo(before);

        // the last active Owner cannot be demoted or deactivated through SCIM either: nothing is written
        assertThat(api.put("/api/v1/group-role-mapping", owner.accessToken(), json(
                "groups", List.of(json("group", "staff", "role", "VIEWER")),
                "default_role", "VIEWER")).status()).isEqualTo(200);
        long afterMapping = events(owner.workspaceId());
        assertScimError(send(token, "POST", "Groups", null, "{\"displayName\":\"Staff\",\"members\":[{\"value\":\""
                + owner.userId() + "\"}]}"), 400, "mutability");
        assertScimError(send(token, "PATCH", "Users/" + owner.userId(), null, "{\"schemas\":[\"" + PATCH_SCHEMA
                + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"), 400, "mutability");
        assertThat(events(owner.workspaceId())).isEqualTo(afterMapping);

        String version = user.getMeta().getVersion();
        Reply accepted = send(token, "PATCH", path, version, "{\"schemas\":[\"" + PATCH_SCHEMA + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Ada L.\"}]}");
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
        assertThat(accepted.body().path("meta").path("version").asText()).isNotEqualTo(version);
    }

    private long events(String workspaceId) {
        return ((Number) db.fetchValue("select count(*) from domainevententry where aggregateidentifier = ?",
                workspaceId)).longValue();
    }

    private Reply send(String token, String method, String path, String ifMatch, String body) throws IOException {
        String query = null;
        int q = path.indexOf('?');
        var target = ScimClients.target(port, token);
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        target = target.path(path);
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                target = target.queryParam(kv[0], kv[1].replace("{", "%7B").replace("}", "%7D"));
            }
        }
        var request = target.request(SCIM);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        Response response = body == null ? request.method(method) : request.method(method, Entity.entity(body, SCIM));
        String text = response.readEntity(String.class);
        return new Reply(response.getStatus(), text == null || text.isBlank() ? JSON.createObjectNode()
                : JSON.readTree(text), response.getMediaType() == null ? "" : response.getMediaType().toString());
    }

    private static void assertScimError(Reply reply, int status, String scimType) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(SCIM);
        assertThat(reply.body().path("schemas").get(0).asText()).isEqualTo(ERROR_SCHEMA);
        assertThat(reply.body().path("status").asText()).isEqualTo(String.valueOf(status));
        assertThat(reply.body().path("detail").asText()).isNotBlank();
        if (scimType != null) {
            assertThat(reply.body().path("scimType").asText()).isEqualTo(scimType);
        }
    }
}
