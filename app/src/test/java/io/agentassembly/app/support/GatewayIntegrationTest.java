package io.agentassembly.app.support;

import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.GrpcServerPort;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import static io.agentassembly.app.support.Api.json;

/** An integration test that speaks gRPC as an agent: a fresh tenant, its Owner, and an API key per test. */
public abstract class GatewayIntegrationTest extends IntegrationTest {

    @Autowired
    protected GrpcServerPort grpcPort;

    @Autowired
    protected DSLContext db;

    protected GatewayClient gateway;
    protected Member owner;
    protected String apiKey;

    @BeforeEach
    void setUpTenant() {
        gateway = new GatewayClient(grpcPort.get());
        owner = tenants.signUp("pro");
        apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "agents")).text("token");
    }

    @AfterEach
    void closeGateway() throws InterruptedException {
        gateway.close();
    }
}
