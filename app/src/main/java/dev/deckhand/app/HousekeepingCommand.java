package dev.deckhand.app;

import dev.deckhand.media.housekeeping.BlobSweep;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code housekeeping}: remove media blobs nothing references, now, and report what was removed. */
@Command(name = "housekeeping", description = "Remove stored media that no user references any more.")
final class HousekeepingCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--grace-hours", description = "keep unreferenced blobs younger than this (default: ${DEFAULT-VALUE})")
    long graceHours = Deckhand.BLOB_GRACE.toHours();

    @Override
    public Integer call() {
        if (graceHours < 0) {
            throw new IllegalArgumentException("--grace-hours must not be negative");
        }
        BlobSweep.Report report = Deckhand.sweepNow(ServerConfig.fromEnv(System.getenv()), Duration.ofHours(graceHours));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("examined %d blobs, removed %d (%d bytes)%n", report.examined(), report.removed(), report.bytesRemoved());
        out.flush();
        return 0;
    }
}
