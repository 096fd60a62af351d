package io.agentassembly.cli.audit;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Entries read from a line's bytes are the entries read through a tree; lines split as BufferedReader splits them. */
class ExportEntryTest {

    private static final String DIGEST = "ab".repeat(32);

    @Test
    void aStreamedEntryEqualsTheEntryReadAsATree() throws IOException {
        List<String> lines = List.of(
                "{\"sequence\":12,\"occurred_at\":\"2026-12-07T19:10:40.123000Z\",\"event_type\":\"AgentActionDecided\","
                        + "\"actor_type\":\"AGENT\",\"actor_id\":\"a-1\",\"org_id\":\"org-a\",\"workspace_id\":\"w\","
                        + "\"payload\":{\"z\":[1,2.50,{\"b\":null,\"a\":\"é\\n\"}],\"a\":true},\"payload_redacted\":false,"
                        + "\"payload_digest\":\"" + DIGEST + "\",\"prev_hash\":\"" + DIGEST + "\",\"hash\":\"" + DIGEST + "\"}",
                "{\"sequence\":13,\"actor_type\":\"SYSTEM\",\"actor_id\":null,\"org_id\":null,\"payload\":null,"
                        + "\"payload_redacted\":true,\"hash\":\"x\"}",
                "{\"sequence\":14,\"elided\":true,\"hash\":\"" + DIGEST + "\"}",
                "{\"sequence\":15,\"payload\":{\"b\":1},\"payload\":{\"a\":2},\"unknown\":{\"x\":[1]},\"hash\":\"h\"}",
                "{\"sequence\":16}");
        ExportEntry.Parser parser = new ExportEntry.Parser();
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(parser.parse(bytes, bytes.length)).as(line).isEqualTo(ExportEntry.of(ChainFormat.JSON.readTree(line)));
        }
    }

    @Test
    void linesItLeavesToTheTreeReader() {
        ExportEntry.Parser parser = new ExportEntry.Parser();
        for (String line : List.of("{\"manifest\":{\"count\":1}}", "[1,2]", "not json", "{\"sequence\":\"12\"}",
                "{\"actor_id\":7}", "{\"payload_redacted\":\"true\"}")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(parser.parse(bytes, bytes.length)).as(line).isNull();
        }
    }

    @Test
    void linesAreSplitAsBufferedReaderSplitsThem() throws IOException {
        String text = "a\nb\r\nc\rd\r\r\n\né ü\n\n" + "x".repeat(65_535) + "\r\n" + "é".repeat(70_000) + "\rlast";
        List<String> expected = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new StringReader(text));
        for (String line; (line = reader.readLine()) != null; ) {
            expected.add(line);
        }
        List<String> actual = new ArrayList<>();
        ExportLines lines = ExportLines.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        while (lines.next()) {
            actual.add(lines.text());
        }
        assertThat(actual).isEqualTo(expected);
    }
}
