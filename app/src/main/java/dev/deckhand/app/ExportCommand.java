package dev.deckhand.app;

import dev.deckhand.adapter.sqlite.collection.ColpkgWriter;
import dev.deckhand.app.backup.BackupException;
import dev.deckhand.ports.model.UserId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code export USER FILE.colpkg}: a user's collection and media as a package Anki imports (File → Import). */
@Command(name = "export", description = "Write a user's collection and media as a .colpkg file that Anki imports.")
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "user name, as the sign-in backend names the user")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "the package to write, e.g. alice.colpkg (must not exist)")
    Path file;

    @Override
    public Integer call() {
        ServerConfig config = ServerConfig.load();
        Path dataFolder = DataFolder.existing(config.dataFolder());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("data folder: " + dataFolder);
        err.flush();
        try {
            ColpkgWriter.Contents contents = Backups.export(config, dataFolder, new UserId(name), file);
            out.printf("wrote %s: the collection (%d bytes) and %s (%d bytes)%n", file.toAbsolutePath(),
                    contents.collectionBytes(), Counts.of(contents.mediaFiles(), "media file", "media files"),
                    contents.mediaBytes());
            out.flush();
            if (!contents.missingMedia().isEmpty()) {
                err.println("deckhand: left out media files whose contents are missing from the store: "
                        + String.join(", ", contents.missingMedia()));
                err.flush();
            }
            return 0;
        } catch (BackupException e) {
            err.println("deckhand: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
