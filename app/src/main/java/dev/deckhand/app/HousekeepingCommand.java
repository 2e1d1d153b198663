package dev.deckhand.app;

import dev.deckhand.media.housekeeping.BlobSweep;
import dev.deckhand.ports.in.decks.HousekeepingReport;
import dev.deckhand.ports.out.Leftovers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code housekeeping}: remove media blobs nothing references, now, and report what was removed;
 * with the shared-deck media service on, also its housekeeping (expired tickets, unreferenced
 * files, count repair, orphan objects). {@code --grace-hours} is one grace period for every kind
 * of media it names, so that one run with one value leaves nothing older than it behind.
 */
@Command(name = "housekeeping", description = {
    "Remove stored media that nothing references any more, and left-over temporary files.",
    "Covers sync media (blobs no collection's media names) and, with DECKHAND_SHARED_MEDIA=on, shared-deck media:"
        + " expired upload tickets and their staged uploads, files no note or suggestion references,"
        + " and objects in the bucket the catalog does not know (stored or staged)."})
final class HousekeepingCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--grace-hours", paramLabel = "HOURS", description = {
        "keep what became unreferenced less than HOURS ago: sync-media blobs, shared-deck files and objects"
            + " the shared-deck catalog does not know. 0 removes all of it now.",
        "Default: 24 for sync media, DECKHAND_SHARED_MEDIA_GRACE_HOURS (24) for shared-deck media.",
        "Expired upload tickets go whatever the grace (their lifetime is DECKHAND_SHARED_MEDIA_UPLOAD_MINUTES);"
            + " left-over temporary files follow DECKHAND_TEMP_FILE_MAX_AGE_HOURS."})
    Long graceHours;

    @Override
    public Integer call() {
        Optional<Duration> grace = Optional.ofNullable(graceHours).map(hours -> {
            if (hours < 0) {
                throw new IllegalArgumentException("--grace-hours must not be negative, got " + hours);
            }
            return Duration.ofHours(hours);
        });
        ServerConfig config = ServerConfig.load();
        Duration syncGrace = grace.orElse(Deckhand.BLOB_GRACE);
        BlobSweep.Report report = Deckhand.sweepNow(config, syncGrace);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sync media (grace %d hours): examined %d blobs, removed %d (%d bytes)%n", syncGrace.toHours(),
                report.examined(), report.removed(), report.bytesRemoved());
        Leftovers.Removed leftovers = Deckhand.removeLeftoversNow(config);
        out.printf("removed %d left-over temporary files older than %d hours (%d bytes)%n", leftovers.files(),
                config.storage().leftoverAge().toHours(), leftovers.bytes());
        if (config.sharedMedia().isPresent()) {
            Duration sharedGrace = grace.orElse(config.sharedMedia().get().limits().grace());
            HousekeepingReport shared = Deckhand.sharedMediaHousekeepingNow(config, sharedGrace);
            out.printf("shared media (grace %d hours): %d expired tickets, %d unreferenced files, %d counts repaired,"
                    + " %d orphan objects, %d bytes freed%n", sharedGrace.toHours(), shared.expiredTickets(),
                    shared.unreferencedFiles(), shared.repairedCounts(), shared.orphanObjects(), shared.bytesFreed());
        }
        out.flush();
        return 0;
    }
}
