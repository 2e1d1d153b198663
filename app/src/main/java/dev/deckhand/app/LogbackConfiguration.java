package dev.deckhand.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Logback's configuration, written in code instead of a {@code logback.xml}: logback's XML
 * configurator loads about 400 classes (its own and the JDK's XML parser) that a server keeps in
 * memory for nothing. Logback finds this class through the service loader when the first logger is
 * made and configures itself with the defaults; {@link LoggingSettings} configures it again with
 * the chosen format and level.
 *
 * <p>Logs go to standard error, so that a command's results on standard output stay clean
 * ({@code deckhand user list | wc -l}).
 */
public final class LogbackConfiguration extends ContextAwareBase implements Configurator {

    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{24} - %msg%n";

    /** Libraries that say too much at INFO; {@code io.javalin.Javalin} says only "Failed to start
     * Javalin", and Deckhand prints why in one line instead. */
    private static final Map<String, Level> LIBRARY_LEVELS = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "io.javalin.Javalin", Level.OFF,
            "com.zaxxer.hikari", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        apply(context, LoggingSettings.DEFAULTS);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sends every log line of {@code context} to standard error in the chosen format and level. */
    static void apply(LoggerContext context, LoggingSettings.Chosen chosen) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(chosen.format());
        console.setTarget("System.err");
        console.setEncoder(encoder(context, chosen.format()));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(chosen.level()));
        root.addAppender(console);
        LIBRARY_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if (format.equals("json")) {
            JsonLogLayout layout = new JsonLogLayout();
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            encoder.setContext(context);
            encoder.setLayout(layout);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }
}
