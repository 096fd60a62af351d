package io.agentassembly.app;

import io.agentassembly.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDocumentTest extends IntegrationTest {

    @Test
    void dump() throws Exception {
        var doc = api.get("/v3/api-docs", null);
        assertThat(doc.status()).isEqualTo(200);
        Files.writeString(Path.of("target/openapi.json"), doc.body().toPrettyString());
    }
}
