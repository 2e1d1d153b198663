package dev.deckhand.app;

import dev.deckhand.media.housekeeping.BlobSweep;
import dev.deckhand.ports.out.Leftovers;
import dev.deckhand.ports.shared.HousekeepingReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code housekeeping}: remove media blobs nothing references, now, and report what was removed;
 * with the shared-deck media service on, also its housekeeping (expired tickets, unreferenced
 * files, count repair, orphan objects).
 */
@Command(name = "housekeeping", description = "Remove stored media that nothing references any more.")
final class HousekeepingCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--grace-hours", description = "keep unreferenced blobs younger than this (default: ${DEFAULT-VALUE})")
    long graceHours = Deckhand.BLOB_GRACE.toHours();

    @Override
    public Integer call() {
        if (graceHours < 0) {
            throw new IllegalArgumentException("--grace-hours must not be negative");
        }
        ServerConfig config = ServerConfig.load();
        BlobSweep.Report report = Deckhand.sweepNow(config, Duration.ofHours(graceHours));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("examined %d blobs, removed %d (%d bytes)%n", report.examined(), report.removed(), report.bytesRemoved());
        Leftovers.Removed leftovers = Deckhand.removeLeftoversNow(config);
        out.printf("removed %d left-over temporary files older than %d hours (%d bytes)%n", leftovers.files(),
                config.storage().leftoverAge().toHours(), leftovers.bytes());
        if (config.sharedMedia().isPresent()) {
            HousekeepingReport shared = Deckhand.sharedMediaHousekeepingNow(config);
            out.printf("shared media: %d expired tickets, %d unreferenced files, %d counts repaired, %d orphan objects,"
                    + " %d bytes freed%n", shared.expiredTickets(), shared.unreferencedFiles(), shared.repairedCounts(),
                    shared.orphanObjects(), shared.bytesFreed());
        }
        out.flush();
        return 0;
    }
}
