package dev.deckhand.app;

import dev.deckhand.ports.in.ProbeResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code config check}: the settings as the server would read them, checked, and its backends tried. */
@Command(name = "config", description = "Check the settings and the backends they name.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

    /** Names whose values are secret whether or not the parser read them as secrets (a typo, an unused one). */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PRIVATE).*|SYNC_USER[0-9]+");
    /** Names that start with a server prefix but belong to the launcher or the media client, not the server. */
    private static final Set<String> NOT_SERVER_SETTINGS = Set.of(SettingsSource.CONFIG_VARIABLE, "DECKHAND_JAVA_OPTS",
            "DECKHAND_JAR", "DECKHAND_CDS", "DECKHAND_CDS_DIR", MediaCommand.PASSWORD_VARIABLE);
    private static final Pattern SERVER_SETTING = Pattern.compile("(DECKHAND_|SYNC_|ANKISYNCD_).*|PASSWORDS_HASHED|MAX_SYNC_PAYLOAD_MEGS");

    @Command(name = "check", description = {
        "Read every setting as the server would (environment over the settings file), try every backend they name"
            + " (data folder, S3, PostgreSQL, LDAP, Cognito), and print the effective configuration with secrets masked.",
        "Exit code 0 when all is well; 2 on an invalid setting or a failing backend, one line per problem on standard error."})
    static final class Check implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--timeout-seconds", paramLabel = "SECONDS", defaultValue = "15",
                description = "how long every backend together may take to answer (default: ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Override
        public Integer call() {
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout-seconds must be at least 1");
            }
            Map<String, String> environment = System.getenv();
            SettingsSource.Origins origins = SettingsSource.origins(environment, SettingsSource.DEFAULT_FILE);
            EnvironmentVariables settings = new EnvironmentVariables(SettingsSource.load(environment));
            List<String> problems = new ArrayList<>();
            Optional<ServerConfig> config = Optional.empty();
            try {
                LoggingSettings.parse(settings);
                config = Optional.of(ServerConfig.fromSettings(settings));
                ServeCommand.warmUpEnabled(settings);
            } catch (ConfigException | IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("settings file: " + origins.file().map(Object::toString).orElse("none"));
            // An official alias (SYNC_HOST, ...) only when set: its DECKHAND_ name already shows the default.
            settings.reads().names().stream()
                    .filter(name -> name.startsWith("DECKHAND_") || settings.first(name).isPresent())
                    .forEach(name -> out.println(describe(name, settings, origins)));
            origins.names().stream()
                    .filter(name -> SERVER_SETTING.matcher(name).matches() && !NOT_SERVER_SETTINGS.contains(name)
                            && !settings.reads().names().contains(name))
                    .forEach(name -> out.println(line(name, origins.environment().getOrDefault(name,
                            origins.fromFile().get(name)), false, origins.of(name)
                            + "; not read with these settings: a typo, or for a feature that is off")));
            config.ifPresent(parsed -> {
                out.println("backends:");
                for (ProbeResult result : backends(parsed, Duration.ofSeconds(timeoutSeconds))) {
                    out.println((result.ok() ? "ok      " : "FAILED  ") + result.name());
                    result.problem().ifPresent(problem -> problems.add(result.name() + ": " + problem));
                }
            });
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(problem -> err.println("deckhand: " + problem));
            err.flush();
            return problems.isEmpty() ? 0 : Main.CONFIGURATION_PROBLEM;
        }
    }

    /**
     * The server's own readiness checks, given {@code deadline}. Before the first start the data
     * folder does not exist yet: then the nearest folder above it must take a new file, and the
     * checks of what the server will create in it are left out.
     */
    private static List<ProbeResult> backends(ServerConfig config, Duration deadline) {
        List<ProbeResult> results = new ArrayList<>();
        Path dataFolder = config.dataFolder().toAbsolutePath().normalize();
        boolean created = Files.isDirectory(dataFolder);
        if (!created) {
            results.add(new ProbeResult("data folder " + dataFolder + " (not created yet)", Duration.ZERO,
                    folderAboveProblem(dataFolder)));
        }
        try (ReadinessCheck readiness = ReadinessCheck.forCommandLine(config, deadline)) {
            readiness.check().checks().stream()
                    .filter(result -> created || !ReadinessCheck.IN_DATA_FOLDER.contains(result.name()))
                    .forEach(results::add);
        }
        return results;
    }

    /** Why no file can be created in the nearest existing folder above {@code folder}, if it cannot. */
    private static Optional<String> folderAboveProblem(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Optional.of((existing == null ? folder : existing) + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".deckhand-config-check-", ""));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write in " + existing + ": " + e.getMessage());
        }
    }

    /** One setting the parser read: its value (masked when secret) and where it came from. */
    private static String describe(String name, EnvironmentVariables settings, SettingsSource.Origins origins) {
        String value = settings.env().get(name);
        boolean secret = settings.reads().isSecret(name);
        if (value == null || value.isEmpty()) {
            Optional<String> fallback = settings.reads().fallback(name);
            return secret || fallback.isEmpty() ? name + "  (not set)" : name + "=" + fallback.get() + "  (default)";
        }
        return line(name, value, secret, origins.of(name));
    }

    private static String line(String name, String value, boolean secret, String origin) {
        boolean masked = secret || SECRET_NAME.matcher(name).matches();
        return name + "=" + (masked ? "****" : value) + "  (" + (masked ? "set; " : "") + origin + ")";
    }
}
