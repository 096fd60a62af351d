package io.agentassembly.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository is the whole product: its documents, contracts and code point to nothing outside it (no paths on
 * a development machine, no internal planning numbers), and the gRPC contract is documented in docs/.
 */
class StandsOnItsOwnTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared/|/work/|SPEC-gateway|\\bseed [0-9]|\\bissues? #?[0-9]");

    @Test
    void nothingPointsOutsideTheRepository() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(ROOT)) {
            found = files.filter(Files::isRegularFile)
                    .filter(f -> !ROOT.relativize(f).toString().matches("(\\.git|.*/target|\\.aasm)/.*"))
                    .filter(f -> f.toString().matches(".*\\.(md|proto|java|ya?ml|xml|sql|sh)$")
                            || f.getFileName().toString().equals("Dockerfile"))
                    .flatMap(StandsOnItsOwnTest::offendingLines)
                    .toList();
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theReadmeLinksTheGrpcContract() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("(docs/grpc.md)");
        assertThat(Files.readString(ROOT.resolve("docs/grpc.md")))
                .contains("RequestChallenge", "possession_proof", "authorization", "args_json", "UNAUTHENTICATED");
    }

    private static Stream<String> offendingLines(Path file) {
        if (file.getFileName().toString().equals("StandsOnItsOwnTest.java")) {
            return Stream.empty();
        }
        try (Stream<String> lines = Files.lines(file)) {
            String name = ROOT.relativize(file).toString();
            return lines.filter(line -> OUTSIDE.matcher(line).find()).map(line -> name + ": " + line.strip())
                    .toList().stream();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Stream.empty();
        }
    }
}
