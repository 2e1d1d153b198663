package dev.deckhand.app;

import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code DECKHAND_LOG_FORMAT} ({@code text}, the default, or {@code json}: one JSON object per line
 * for Loki or ELK) and {@code DECKHAND_LOG_LEVEL}. Logback is configured again with them
 * ({@link LogbackConfiguration}), so they take effect whenever the first logger was made, and the
 * settings file works for them too.
 */
final class LoggingSettings {

    /** What logging uses until the settings are read. */
    static final Chosen DEFAULTS = new Chosen("text", "INFO");
    private static final Set<String> FORMATS = Set.of("text", "json");
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private LoggingSettings() {}

    /** Checks the two settings and passes them on; a bad value stops here with a message. */
    static void apply(Map<String, String> settings) {
        Chosen chosen = parse(new EnvironmentVariables(settings));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        LogbackConfiguration.apply(context, chosen);
    }

    /** The log format ({@code text} or {@code json}) and level (upper case). */
    record Chosen(String format, String level) {}

    static Chosen parse(EnvironmentVariables env) {
        String format = env.text(DEFAULTS.format(), "DECKHAND_LOG_FORMAT").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new ConfigException("DECKHAND_LOG_FORMAT must be text or json, got '" + format + "'");
        }
        String level = env.text(DEFAULTS.level(), "DECKHAND_LOG_LEVEL").toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new ConfigException("DECKHAND_LOG_LEVEL must be one of " + String.join(", ", LEVELS.stream().sorted().toList())
                    + ", got '" + level + "'");
        }
        return new Chosen(format, level);
    }
}
