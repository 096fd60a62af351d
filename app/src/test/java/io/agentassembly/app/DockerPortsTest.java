package io.agentassembly.app;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The image and the compose files publish the ports the app listens on by default. */
class DockerPortsTest {

    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    void theImageAndComposeFilesPublishTheHttpAndGrpcPortsTheAppListensOn() throws IOException {
        StandardEnvironment defaults = new StandardEnvironment();
        defaults.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
                .forEach(defaults.getPropertySources()::addLast);
        String http = defaults.getRequiredProperty("server.port");
        String grpc = defaults.getRequiredProperty("grpc.server.port");
        assertThat(http).isEqualTo("8080");
        assertThat(grpc).isEqualTo("50051");

        assertThat(Files.readAllLines(DOCKER.resolve("Dockerfile")))
                .filteredOn(line -> line.startsWith("EXPOSE"))
                .containsExactly("EXPOSE " + http + " " + grpc);
        for (String compose : new String[]{"compose.app.yml", "compose.axonserver.yml"}) {
            assertThat(Files.readString(DOCKER.resolve(compose))).as(compose)
                    .contains("\"" + http + ":" + http + "\"", "\"" + grpc + ":" + grpc + "\"")
                    .doesNotContain("9090");
        }
    }
}
