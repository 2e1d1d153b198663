package dev.deckhand.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where settings come from: a settings file of {@code NAME=value} lines, overridden by the
 * environment. The server and every admin command read the same file, so {@code deckhand user add}
 * typed in a shell finds the data folder of the server that systemd or a container started.
 *
 * <p>The file is {@code DECKHAND_CONFIG} when that is set (it must then exist), else
 * {@code /etc/deckhand/deckhand.env} when present. Its format is systemd's {@code EnvironmentFile}:
 * blank lines and {@code #} comments are skipped, a value may be wrapped in single or double quotes.
 */
final class SettingsSource {

    static final String CONFIG_VARIABLE = "DECKHAND_CONFIG";
    static final Path DEFAULT_FILE = Path.of("/etc/deckhand/deckhand.env");

    private SettingsSource() {}

    /** The environment laid over the settings file, if there is one. */
    static Map<String, String> load(Map<String, String> environment) {
        return load(environment, DEFAULT_FILE);
    }

    static Map<String, String> load(Map<String, String> environment, Path defaultFile) {
        Optional<Path> file = settingsFile(environment, defaultFile);
        if (file.isEmpty()) {
            return environment;
        }
        Map<String, String> merged = new HashMap<>(parse(file.get()));
        merged.putAll(environment);
        return merged;
    }

    /** Where each setting's value comes from, read with the same rules as {@link #load}. */
    record Origins(Map<String, String> environment, Optional<Path> file, Map<String, String> fromFile) {

        Origins {
            environment = Map.copyOf(environment);
            fromFile = Map.copyOf(fromFile);
        }

        /** {@code environment}, {@code settings file <path>}, or {@code default} when neither sets it. */
        String of(String name) {
            if (environment.containsKey(name)) {
                return "environment";
            }
            return fromFile.containsKey(name) ? "settings file " + file.orElseThrow() : "default";
        }

        /** Every name set in the environment or the settings file. */
        Set<String> names() {
            Set<String> names = new TreeSet<>(environment.keySet());
            names.addAll(fromFile.keySet());
            return names;
        }
    }

    static Origins origins(Map<String, String> environment, Path defaultFile) {
        Optional<Path> file = settingsFile(environment, defaultFile);
        return new Origins(environment, file, file.map(SettingsSource::parse).orElse(Map.of()));
    }

    /** The file in use, if any: shown by commands so nobody wonders which settings they ran with. */
    static Optional<Path> settingsFile(Map<String, String> environment, Path defaultFile) {
        String named = environment.get(CONFIG_VARIABLE);
        if (named != null && !named.isBlank()) {
            Path file = Path.of(named.trim());
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(CONFIG_VARIABLE + " names " + file.toAbsolutePath() + ", which is not a file");
            }
            return Optional.of(file);
        }
        return Files.isRegularFile(defaultFile) ? Optional.of(defaultFile) : Optional.empty();
    }

    private static Map<String, String> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the settings file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = equals < 0 ? "" : line.substring(0, equals).strip();
            if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException(file.toAbsolutePath() + " line " + (i + 1) + ": expected NAME=value");
            }
            settings.put(name, unquoted(line.substring(equals + 1).strip()));
        }
        return settings;
    }

    private static String unquoted(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
