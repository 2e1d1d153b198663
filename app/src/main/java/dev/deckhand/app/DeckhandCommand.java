package dev.deckhand.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The top-level command: with no subcommand it serves. */
@Command(
        name = "deckhand",
        mixinStandardHelpOptions = true,
        description = "Self-hosted Anki sync server. Settings come from the environment; see docs/configuration.md.",
        subcommands = {ServeCommand.class, UserCommand.class, HousekeepingCommand.class, MediaCommand.class,
            ImportCommand.class, BackupCommand.class, RestoreCommand.class, ExportCommand.class})
final class DeckhandCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new ServeCommand().call();
    }
}
