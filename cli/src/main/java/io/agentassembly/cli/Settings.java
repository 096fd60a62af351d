package io.agentassembly.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the client's settings come from, first match wins: the command-line option, the environment
 * ({@code AASM_API_URL}, {@code AASM_API_KEY}, {@code AASM_OUTPUT}), the configuration file ({@code api_url},
 * {@code api_key}, {@code output} in {@code --config}, else {@code $AASM_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/aasm/config.properties}, else {@code ~/.config/aasm/config.properties}), the default.
 */
public final class Settings {

    public static final String DEFAULT_API_URL = "http://localhost:8080";

    /** The resolved settings; {@code apiKey} may be null (the commands that call the API then refuse). */
    public record Resolved(URI apiUrl, String apiKey, OutputFormat output, Path configFile, String warning) {
    }

    private final Map<String, String> env;
    private final Path home;

    public Settings(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    /** The process's own environment and home directory. */
    public static Settings ofProcess() {
        return new Settings(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public Resolved resolve(String apiUrlOption, String apiKeyOption, OutputFormat outputOption, Path configOption) {
        Path configFile = configFile(configOption);
        Properties file = read(configFile, configOption != null);
        String apiUrl = first(apiUrlOption, env.get("AASM_API_URL"), file.getProperty("api_url"), DEFAULT_API_URL);
        String apiKey = first(apiKeyOption, env.get("AASM_API_KEY"), file.getProperty("api_key"), null);
        String output = first(outputOption == null ? null : outputOption.name(), env.get("AASM_OUTPUT"),
                file.getProperty("output"), OutputFormat.table.name());
        String warning = file.getProperty("api_key") != null && apiKeyOption == null && env.get("AASM_API_KEY") == null
                ? readableByOthers(configFile) : null;
        return new Resolved(apiUrl(apiUrl), apiKey, outputFormat(output), configFile, warning);
    }

    Path configFile(Path option) {
        if (option != null) {
            return option;
        }
        String named = blankToNull(env.get("AASM_CONFIG"));
        if (named != null) {
            return Path.of(named);
        }
        String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
        Path base = xdg != null ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("aasm").resolve("config.properties");
    }

    private static Properties read(Path file, boolean mustExist) {
        Properties properties = new Properties();
        if (!Files.isRegularFile(file)) {
            if (mustExist) {
                throw CliException.usage("configuration file " + file + " does not exist");
            }
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("cannot read configuration file " + file + ": " + e.getMessage());
        }
        properties.replaceAll((key, value) -> String.valueOf(value).strip());
        return properties;
    }

    static URI apiUrl(String value) {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw CliException.usage("the API URL must be an http:// or https:// URL such as " + DEFAULT_API_URL
                        + ", not '" + value + "'");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw CliException.usage("the API URL takes no query or fragment: '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("the API URL is not a URL: '" + value + "'");
        }
    }

    private static OutputFormat outputFormat(String value) {
        try {
            return OutputFormat.valueOf(value.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("output must be table or json, not '" + value + "'");
        }
    }

    /** A warning when the file holding an API key can be read by other users (POSIX file systems only). */
    private static String readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return "warning: " + file + " holds an API key and other users can read it (chmod 600 " + file + ")";
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to say
        }
        return null;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (blankToNull(value) != null) {
                return value.strip();
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
