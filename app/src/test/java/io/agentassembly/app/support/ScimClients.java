package io.agentassembly.app.support;

import com.unboundid.scim2.client.ScimService;
import io.agentassembly.app.support.Tenants.Member;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM clients the way an identity provider connects: a token from the Owner, UnboundID's SCIM 2 client over Jersey
 * (on java.net.http, which sends PATCH; HttpURLConnection cannot).
 */
public final class ScimClients {

    private static final Client CLIENT = ClientBuilder.newClient(new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()));

    private ScimClients() {
    }

    /** A new SCIM token of the Owner's workspace. */
    public static String token(Api api, Member owner) {
        Api.Response created = api.post("/api/v1/scim/tokens", owner.accessToken(), json("name", "Okta"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("token");
    }

    public static ScimService service(int port, String token) {
        return new ScimService(CLIENT.target("http://127.0.0.1:" + port + "/scim/v2")
                .register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token)));
    }

    /** The raw Jersey target, for what no client library sends (Entra ID's capitalised PATCH ops, bad input). */
    public static jakarta.ws.rs.client.WebTarget target(int port, String token) {
        return CLIENT.target("http://127.0.0.1:" + port + "/scim/v2")
                .register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }
}
