package dev.deckhand.app;

import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupException;
import dev.deckhand.app.backup.BackupManifest;
import dev.deckhand.app.backup.BackupVerifier;
import dev.deckhand.app.backup.Restore;
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
 * {@code restore SOURCE [--verify-only]}: a backup into the (empty) data folder the settings name,
 * every checksum and integrity check passing first; or only the checks. See docs/operations.md.
 */
@Command(name = "restore", description = "Restore a backup into an empty data folder, checking all of it first.")
final class RestoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "a backup-<time> folder, or a backup destination"
            + " (then its newest backup)")
    Path source;

    @Option(names = "--verify-only", description = "read the whole backup and check it against its manifest;"
            + " restore nothing")
    boolean verifyOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            CompleteBackup backup = BackupDestination.find(source);
            return verifyOnly ? verify(backup, out, err) : restore(backup, out, err);
        } catch (BackupException e) {
            err.println("deckhand: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static int verify(CompleteBackup backup, PrintWriter out, PrintWriter err) {
        BackupVerifier.Verification verification = Backups.verify(backup);
        BackupManifest manifest = verification.manifest();
        out.printf("%s: made %s by Deckhand %s; %s, %s%n", backup.folder(), manifest.createdAt(),
                manifest.deckhandVersion(), Counts.of(manifest.files().size(), "file", "files"),
                Counts.storedMedia(manifest.blobs().size()));
        out.flush();
        if (verification.intact()) {
            out.println("intact: every checksum and integrity check passed");
            out.flush();
            return 0;
        }
        err.println("deckhand: the backup is damaged:");
        verification.problems().forEach(problem -> err.println("  " + problem));
        err.flush();
        return 1;
    }

    private static int restore(CompleteBackup backup, PrintWriter out, PrintWriter err) {
        ServerConfig config = ServerConfig.load();
        err.println("restoring " + backup.folder() + " into the data folder " + config.dataFolder().toAbsolutePath());
        err.flush();
        Restore.Report report = Backups.restore(config, backup);
        out.printf(Locale.ROOT, "restored the server database, %s and %s in %.1f s%n",
                Counts.collections(report.collections()), Counts.storedMedia(report.blobs()),
                report.took().toMillis() / 1000.0);
        out.printf("the backup was made at %s by Deckhand %s. Start the server; for devices that synced after that"
                + " moment, see \"Restore drill\" in docs/operations.md%n", report.manifest().createdAt(),
                report.manifest().deckhandVersion());
        out.flush();
        return 0;
    }
}
