package dev.deckhand.app;

import dev.deckhand.ports.movein.MoveInReport;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.out.StorageException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code import official|ankisyncd FOLDER [--apply]}: move in the users of another sync server so
 * that their devices go on with a normal sync. Reads the same settings as the server (the data
 * folder, {@code SYNC_USERn}). Without {@code --apply} it checks everything and reports, changing
 * nothing; a second {@code --apply} changes nothing either. Exit code 0 when every user is (or was)
 * moved in, 1 otherwise.
 */
@Command(name = "import", description = "Move in the data of the official Anki sync server or of ankisyncd"
        + " (checks and reports; --apply moves it in).")
final class ImportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "official|ankisyncd", description = "which server left the folder")
    String kind;

    @Parameters(index = "1", paramLabel = "FOLDER",
            description = "the official server's SYNC_BASE, or the ankisyncd folder that holds collections/")
    Path folder;

    @Option(names = "--apply", description = "move the data in (the default is a dry run that changes nothing)")
    boolean apply;

    @Override
    public Integer call() {
        SourceKind sourceKind = Arrays.stream(SourceKind.values())
                .filter(k -> k.commandName().equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("import takes official or ankisyncd, not '" + kind + "'"));
        ServerConfig config = ServerConfig.load();
        spec.commandLine().getErr().println("data folder: " + config.dataFolder().toAbsolutePath().normalize());
        spec.commandLine().getErr().flush();
        MoveInReport report;
        try {
            report = MoveIns.run(config, sourceKind, folder, apply);
        } catch (StorageException e) {
            // Everything that can fail outside a single user's switch happens before anyone is switched.
            spec.commandLine().getErr().println("deckhand: the import stopped before moving anyone in: " + e.getMessage());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        MoveInReportText.write(report, out);
        out.flush();
        return report.complete() && !report.users().isEmpty() ? 0 : 1;
    }
}
