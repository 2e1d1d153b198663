package dev.deckhand.app;

import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.app.backup.BackupException;
import dev.deckhand.app.backup.OnlineBackup;
import dev.deckhand.app.backup.Retention;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backup DEST [--keep N]}: a consistent backup of the data folder while the server runs, as a
 * new {@code backup-<time>} folder under DEST. See docs/operations.md.
 */
@Command(name = "backup", description = "Back up the data folder (accounts, collections, media) while the server runs.")
final class BackupCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEST", description = "where backups go; each run adds a backup-<time> folder,"
            + " and media contents are copied once and shared between them")
    Path destination;

    @Option(names = "--keep", paramLabel = "N", description = "afterwards, delete all but the newest N backups")
    Integer keep;

    @Override
    public Integer call() {
        if (keep != null && keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1");
        }
        ServerConfig config = ServerConfig.load();
        Path dataFolder = DataFolder.existing(config.dataFolder());
        BackupSettings.requireOutside(destination, dataFolder, "DEST");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        err.println("data folder: " + dataFolder);
        err.flush();
        BackupDestination backups = new BackupDestination(destination);
        try {
            OnlineBackup.Report report = Backups.backupNow(config, dataFolder, backups);
            out.printf(Locale.ROOT, "wrote %s in %.1f s: the server database, %s, %s (%d new, %d bytes copied)%n",
                    report.backup().folder(), report.took().toMillis() / 1000.0, Counts.collections(report.collections()),
                    Counts.storedMedia(report.blobs()), report.blobsCopied(), report.bytesCopied());
            if (keep != null) {
                Retention.Report removed = new Retention().keepNewest(backups, keep);
                out.printf("kept the newest %s: deleted %s%s and %s no kept backup needs (%d bytes)%n",
                        Counts.of(keep, "backup", "backups"), Counts.of(removed.deletedBackups().size(), "backup", "backups"),
                        removed.deletedBackups().isEmpty() ? "" : " (" + String.join(", ", removed.deletedBackups()) + ")",
                        Counts.storedMedia(removed.deletedBlobs()), removed.bytesFreed());
            }
            out.flush();
            return 0;
        } catch (BackupException e) {
            err.println("deckhand: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
