package dev.deckhand.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level command: with no subcommand it serves. */
@Command(
        name = "deckhand",
        mixinStandardHelpOptions = true,
        versionProvider = DeckhandCommand.Version.class,
        description = "Self-hosted Anki sync server. Settings come from the environment; see docs/configuration.md.",
        subcommands = {ServeCommand.class, UserCommand.class, HousekeepingCommand.class, MediaCommand.class,
            ImportCommand.class, BackupCommand.class, RestoreCommand.class, ExportCommand.class, AdminCommand.class,
            ConfigCommand.class, WarmUpCommand.class, NodeCommand.class})
final class DeckhandCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new ServeCommand().call();
    }

    /** {@code --version}: the release and the commit this jar was built from. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe()};
        }
    }
}
