package io.agentassembly.app.support;

import io.agentassembly.app.AasmApplication;
import io.agentassembly.gateway.GrpcServerPort;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole app started apart from the shared test context, on a database of its own: to restart it, or to run
 * several nodes on one database. It uses the mail server and token key of {@link IntegrationTest}.
 */
public final class AppInstances {

    private AppInstances() {
    }

    /** Starts an instance on {@code database}, on random ports; {@code settings} add properties ("--name=value"). */
    public static ConfigurableApplicationContext start(TestDatabase.Connection3 database, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--server.port=0",
                "--grpc.server.port=0",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + IntegrationTest.MAIL.getSmtp().getPort(),
                "--aasm.security.token-key=" + IntegrationTest.TOKEN_KEY,
                "--aasm.notifications.poll-interval-ms=100"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(AasmApplication.class).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext instance) {
        return instance.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    public static int grpcPort(ConfigurableApplicationContext instance) {
        return instance.getBean(GrpcServerPort.class).get();
    }
}
