package io.agentassembly.gateway.edge;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every field an agent sends has a documented maximum, and the .proto comments say the same as the table. */
class WireLimitsTest {

    private static final Path PROTO = Path.of("src/main/proto");
    private static final Pattern BLOCK = Pattern.compile("^\\s*(message|oneof|service|enum) (\\w+) \\{");
    private static final Pattern FIELD = Pattern.compile(
            "^\\s*(?:repeated |optional )?(?:map<[^>]+>|[\\w.]+)\\s+(\\w+)\\s*=\\s*\\d+;\\s*(?://\\s*(.*))?$");

    @Test
    void everyStringBytesRepeatedAndMapFieldOfEveryRequestMessageHasALimit() {
        new InboundValidator(WireLimits.FILES, WireLimits.TABLE);
    }

    @Test
    void aFieldWithoutALimitOrALimitOfTheWrongKindOrForNoFieldIsRefused() {
        Map<String, FieldLimit> missing = new HashMap<>(WireLimits.TABLE);
        missing.remove("assembly.policy.v1.ToolCallContext.tool_name");
        missing.remove("assembly.audit.v1.AuditEvent.labels");
        missing.remove("assembly.policy.v1.BatchCheckRequest.requests");
        assertThatThrownBy(() -> new InboundValidator(WireLimits.FILES, missing))
                .hasMessageContaining("assembly.policy.v1.ToolCallContext.tool_name: no limit")
                .hasMessageContaining("assembly.audit.v1.AuditEvent.labels: no limit")
                .hasMessageContaining("assembly.policy.v1.BatchCheckRequest.requests: no limit");

        Map<String, FieldLimit> wrong = new HashMap<>(WireLimits.TABLE);
        wrong.put("assembly.policy.v1.ToolCallContext.args_json", FieldLimit.text(10));
        wrong.put("assembly.policy.v1.ProcessExecContext.args", FieldLimit.items(10));
        wrong.put("assembly.policy.v1.CheckActionRequest.nonexistent", FieldLimit.text(10));
        assertThatThrownBy(() -> new InboundValidator(WireLimits.FILES, wrong))
                .hasMessageContaining("assembly.policy.v1.ToolCallContext.args_json: a BYTES limit is needed, not TEXT")
                .hasMessageContaining("assembly.policy.v1.ProcessExecContext.args: repeated scalars need an item limit")
                .hasMessageContaining("assembly.policy.v1.CheckActionRequest.nonexistent: listed but not a field");
    }

    @Test
    void everyProtoFileOfTheGatewayIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(PROTO)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(WireLimits.FILES.stream().map(FileDescriptor::getName).toList());
        }
    }

    @Test
    void everyClientStreamNamesItsMessagesInErrors() {
        for (FileDescriptor file : WireLimits.FILES) {
            for (ServiceDescriptor service : file.getServices()) {
                for (MethodDescriptor method : service.getMethods()) {
                    if (method.isClientStreaming()) {
                        assertThat(WireLimits.STREAMED_MESSAGES).containsKey(service.getFullName() + "/" + method.getName());
                    }
                }
            }
        }
    }

    /** The "max …" comment of each field in the .proto files is exactly what the table enforces. */
    @Test
    void theProtoCommentsDocumentEveryLimit() throws IOException {
        Map<String, String> documented = new HashMap<>();
        for (FileDescriptor file : WireLimits.FILES) {
            String packagePrefix = file.getPackage() + ".";
            Deque<String[]> blocks = new ArrayDeque<>();
            for (String line : Files.readAllLines(PROTO.resolve(file.getName()))) {
                Matcher block = BLOCK.matcher(line);
                if (block.find()) {
                    blocks.push(new String[]{block.group(1), block.group(2)});
                } else if (line.strip().equals("}")) {
                    blocks.pop();
                } else {
                    Matcher field = FIELD.matcher(line);
                    String message = blocks.stream().filter(b -> b[0].equals("message")).map(b -> b[1])
                            .findFirst().orElse(null);
                    if (field.matches() && message != null && field.group(2) != null
                            && field.group(2).startsWith("max ")) {
                        documented.put(packagePrefix + message + "." + field.group(1), field.group(2).strip());
                    }
                }
            }
        }
        Map<String, String> enforced = new HashMap<>();
        WireLimits.TABLE.forEach((field, limit) -> enforced.put(field, limit.describe()));
        assertThat(documented).isEqualTo(enforced);
    }

    @Test
    void limitsDescribeThemselvesAsTheProtoFilesSay() {
        assertThat(FieldLimit.text(256).describe()).isEqualTo("max 256 chars");
        assertThat(FieldLimit.lines(4096).describe()).isEqualTo("max 4096 chars, several lines");
        assertThat(FieldLimit.bytes(256 * 1024).describe()).isEqualTo("max 256 KiB");
        assertThat(FieldLimit.bytes(1024 * 1024).describe()).isEqualTo("max 1 MiB");
        assertThat(FieldLimit.bytes(64).describe()).isEqualTo("max 64 bytes");
        assertThat(FieldLimit.items(100).describe()).isEqualTo("max 100 items");
        assertThat(FieldLimit.items(10, FieldLimit.text(5)).describe()).isEqualTo("max 10 items, each max 5 chars");
        assertThat(FieldLimit.entries(64, FieldLimit.text(128), FieldLimit.text(1024)).describe())
                .isEqualTo("max 64 entries, keys max 128 chars, values max 1024 chars");
        assertThat(List.copyOf(WireLimits.TABLE.values())).allSatisfy(limit -> assertThat(limit.max()).isPositive());
    }
}
