package dev.deckhand.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * {@code DECKHAND_LOG_FORMAT} ({@code text}, the default, or {@code json}: one JSON object per line
 * for Loki or ELK) and {@code DECKHAND_LOG_LEVEL}. Handed to logback as system properties, which
 * {@code logback.xml} reads, and logback is configured again with them, so they take effect
 * whenever the first logger was made, and the settings file works for them too.
 */
final class LoggingSettings {

    static final String FORMAT_PROPERTY = "deckhand.log.format";
    static final String LEVEL_PROPERTY = "deckhand.log.level";
    private static final Set<String> FORMATS = Set.of("text", "json");
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private LoggingSettings() {}

    /** Checks the two settings and passes them on; a bad value stops here with a message. */
    static void apply(Map<String, String> settings) {
        Chosen chosen = parse(new EnvironmentVariables(settings));
        System.setProperty(FORMAT_PROPERTY, chosen.format());
        System.setProperty(LEVEL_PROPERTY, chosen.level());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("logback.xml in the jar cannot be read", e);
        }
    }

    /** The log format ({@code text} or {@code json}) and level (upper case). */
    record Chosen(String format, String level) {}

    static Chosen parse(EnvironmentVariables env) {
        String format = env.text("text", "DECKHAND_LOG_FORMAT").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new ConfigException("DECKHAND_LOG_FORMAT must be text or json, got '" + format + "'");
        }
        String level = env.text("INFO", "DECKHAND_LOG_LEVEL").toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new ConfigException("DECKHAND_LOG_LEVEL must be one of " + String.join(", ", LEVELS.stream().sorted().toList())
                    + ", got '" + level + "'");
        }
        return new Chosen(format, level);
    }
}
