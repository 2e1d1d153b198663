package dev.deckhand.app;

import dev.deckhand.adapter.http.CannotListenException;
import dev.deckhand.ports.out.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code java -jar deckhand.jar [serve | user ... | ...]}. Results go to standard output, logs and
 * errors to standard error, each error one line; a stack trace only with DECKHAND_LOG_LEVEL=debug.
 * Exit codes (docs/operations.md lists them per command): 0 done, 1 the command did not do what was
 * asked (an unknown user, a refused import, a server that refused or could not be reached), 2 the
 * command line, a setting or the machine is wrong (an unknown option, a bad value, a port in use, a
 * folder that cannot be written, a backend {@code config check} cannot reach), 3 an unexpected
 * failure (a bug: please report it with the debug output).
 */
public final class Main {

    static final int CONFIGURATION_PROBLEM = 2;
    static final int UNEXPECTED_FAILURE = 3;

    private Main() {}

    public static void main(String[] args) {
        CommandLine commandLine = commandLine();
        try {
            LoggingSettings.apply(SettingsSource.load(System.getenv()));
        } catch (ConfigException e) {
            commandLine.getErr().println("deckhand: " + e.getMessage());
            commandLine.getErr().flush();
            System.exit(CONFIGURATION_PROBLEM);
        }
        System.exit(commandLine.execute(args));
    }

    /**
     * The command line with {@code --help} and {@code --version} on every command. No command class
     * may open a logger when it is made: logging starts only after {@link LoggingSettings}.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DeckhandCommand());
        withStandardOptions(commandLine);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException
                    || e instanceof CannotListenException) {
                cl.getErr().println("deckhand: " + e.getMessage());
                details(e);
                return CONFIGURATION_PROBLEM;
            }
            if (e instanceof StorageException) {
                cl.getErr().println("deckhand: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
                details(e);
                return CONFIGURATION_PROBLEM;
            }
            cl.getErr().println("deckhand: unexpected failure: " + e + " (DECKHAND_LOG_LEVEL=debug shows where)");
            details(e);
            return UNEXPECTED_FAILURE;
        });
        return commandLine;
    }

    /**
     * The stack trace, for DECKHAND_LOG_LEVEL=DEBUG. The logger is looked up here, not in a field,
     * because logging must not start before {@link LoggingSettings} has chosen its format.
     */
    private static void details(Exception e) {
        Logger log = LoggerFactory.getLogger(Main.class);
        if (log.isDebugEnabled()) {
            log.debug("details", e);
        }
    }

    private static void withStandardOptions(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true);
        command.getCommandSpec().versionProvider(new DeckhandCommand.Version());
        command.getSubcommands().values().forEach(Main::withStandardOptions);
    }
}
