package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LogbackConfigurationTest {

    @Test
    void textLinesCarryTimeLevelLoggerAndMessage() {
        String err = logged(new LoggingSettings.Chosen("text", "INFO"), context -> {
            context.getLogger("dev.deckhand.sync").info("synced {} notes", 3);
            context.getLogger("dev.deckhand.sync").debug("not at INFO");
        });

        assertThat(err).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  dev\\.deckhand\\.sync - synced 3 notes\n");
    }

    @Test
    void jsonLinesCarryTheEventsKeyValuePairs() throws Exception {
        String err = logged(new LoggingSettings.Chosen("json", "DEBUG"), context ->
                context.getLogger("deckhand.requests").atDebug().addKeyValue("status", 200).log("POST /sync/meta"));

        JsonNode line = new ObjectMapper().readTree(err);
        assertThat(line.get("level").asText()).isEqualTo("DEBUG");
        assertThat(line.get("logger").asText()).isEqualTo("deckhand.requests");
        assertThat(line.get("message").asText()).isEqualTo("POST /sync/meta");
        assertThat(line.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void chattyLibrariesSayOnlyWarnings() {
        String err = logged(new LoggingSettings.Chosen("text", "DEBUG"), context -> {
            context.getLogger("org.eclipse.jetty.server.Server").info("Started");
            context.getLogger("com.zaxxer.hikari.HikariDataSource").info("Start completed");
            context.getLogger("io.javalin.Javalin").error("Failed to start Javalin");
            context.getLogger("org.eclipse.jetty.server.Server").warn("port taken");
        });

        assertThat(err).doesNotContain("Started", "Start completed", "Failed to start").contains("WARN  o.e.jetty.server.Server - port taken");
    }

    /** What a fresh logger context configured with {@code chosen} writes to standard error. */
    private static String logged(LoggingSettings.Chosen chosen, Consumer<LoggerContext> logging) {
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's start-up gives the real context
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            LogbackConfiguration.apply(context, chosen);
            logging.accept(context);
        } finally {
            System.setErr(realErr);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
