package io.agentassembly.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the API URL, key and output format come from: option, environment, configuration file, default. */
class SettingsTest {

    @TempDir
    Path home;

    private Path configFile(String text) throws Exception {
        Path file = home.resolve(".config/aasm/config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void withNothingConfiguredTheDefaultsApplyAndThereIsNoKey() {
        Settings.Resolved resolved = new Settings(Map.of(), home).resolve(null, null, null, null);

        assertThat(resolved.apiUrl()).hasToString("http://localhost:8080");
        assertThat(resolved.apiKey()).isNull();
        assertThat(resolved.output()).isEqualTo(OutputFormat.table);
        assertThat(resolved.configFile()).isEqualTo(home.resolve(".config/aasm/config.properties"));
    }

    @Test
    void anOptionBeatsTheEnvironmentWhichBeatsTheFile() throws Exception {
        configFile("api_url = http://file.example:1/\napi_key = aask_file\noutput = json\n");
        Settings fileOnly = new Settings(Map.of(), home);
        Settings withEnv = new Settings(Map.of("AASM_API_URL", "https://env.example", "AASM_API_KEY", "aask_env",
                "AASM_OUTPUT", "TABLE"), home);

        assertThat(fileOnly.resolve(null, null, null, null))
                .extracting(r -> r.apiUrl().toString(), Settings.Resolved::apiKey, Settings.Resolved::output)
                .containsExactly("http://file.example:1", "aask_file", OutputFormat.json);
        assertThat(withEnv.resolve(null, null, null, null))
                .extracting(r -> r.apiUrl().toString(), Settings.Resolved::apiKey, Settings.Resolved::output)
                .containsExactly("https://env.example", "aask_env", OutputFormat.table);
        assertThat(withEnv.resolve("http://option.example:9", "aask_option", OutputFormat.json, null))
                .extracting(r -> r.apiUrl().toString(), Settings.Resolved::apiKey, Settings.Resolved::output)
                .containsExactly("http://option.example:9", "aask_option", OutputFormat.json);
    }

    @Test
    void theConfigurationFileCanBeNamedByOptionOrEnvironment() throws Exception {
        Path other = home.resolve("other.properties");
        Files.writeString(other, "api_key=aask_other\n");
        Path xdg = home.resolve("xdg/aasm/config.properties");
        Files.createDirectories(xdg.getParent());
        Files.writeString(xdg, "api_key=aask_xdg\n");

        assertThat(new Settings(Map.of(), home).resolve(null, null, null, other).apiKey()).isEqualTo("aask_other");
        assertThat(new Settings(Map.of("AASM_CONFIG", other.toString()), home).resolve(null, null, null, null).apiKey())
                .isEqualTo("aask_other");
        assertThat(new Settings(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home)
                .resolve(null, null, null, null).apiKey()).isEqualTo("aask_xdg");
        assertThatThrownBy(() -> new Settings(Map.of(), home).resolve(null, null, null, home.resolve("missing")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aKeyInAFileOthersCanReadIsWarnedAbout() throws Exception {
        Path file = configFile("api_key=aask_file\n");
        assertThat(new Settings(Map.of(), home).resolve(null, null, null, null).warning()).isNull();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new Settings(Map.of(), home).resolve(null, null, null, null).warning())
                .contains("other users can read it").contains("chmod 600").doesNotContain("aask_file");
    }

    @Test
    void badValuesAreUsageErrors() {
        Settings settings = new Settings(Map.of(), home);
        for (String url : new String[]{"localhost:8080", "ftp://example.com", "http://", "http://h/?x=1", "not a url"}) {
            assertThatThrownBy(() -> settings.resolve(url, null, null, null)).as(url)
                    .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
        }
        assertThatThrownBy(() -> new Settings(Map.of("AASM_OUTPUT", "yaml"), home).resolve(null, null, null, null))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("table or json");
    }
}
