package dev.deckhand.media.shared;

import dev.deckhand.ports.in.decks.HousekeepingReport;
import dev.deckhand.ports.model.decks.StoredMedia;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.out.decks.SharedMediaCatalog;
import dev.deckhand.ports.out.decks.UploadTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the catalog and the object store back in step: expired upload tickets and their staged
 * objects go, counts are recomputed from the references, files nothing referenced for the grace
 * period go, and objects the catalog does not know (older than the grace period) are deleted. The
 * grace period is the caller's: the service's own for the scheduled run, the administrator's for
 * {@code deckhand housekeeping --grace-hours}. An upload in flight is safe with any grace, zero
 * included, because its ticket makes its staged object known. Every loop is bounded.
 */
final class SharedMediaHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(SharedMediaHousekeeping.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES = 10_000;

    private final SharedMediaCatalog catalog;
    private final ObjectStore objects;
    private final Clock clock;

    SharedMediaHousekeeping(SharedMediaCatalog catalog, ObjectStore objects, Clock clock) {
        this.catalog = catalog;
        this.objects = objects;
        this.clock = clock;
    }

    HousekeepingReport run(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must not be negative");
        }
        Instant now = clock.instant();
        Instant cutoff = now.minus(grace);
        int expired = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<UploadTicket> tickets = catalog.removeExpiredTickets(now, BATCH);
            tickets.forEach(ticket -> deleteQuietly(objects, ticket.stagingKey()));
            expired += tickets.size();
            if (tickets.size() < BATCH) {
                break;
            }
        }
        // Counts first: a file whose count wrongly reads zero must not be deleted as unreferenced.
        int repaired = catalog.repairCounts();
        if (repaired > 0) {
            LOG.warn("housekeeping repaired {} reference counts", repaired);
        }
        int unreferenced = 0;
        long freed = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<StoredMedia> files = catalog.deleteUnreferenced(cutoff, BATCH);
            for (StoredMedia file : files) {
                if (deleteQuietly(objects, file.storageKey())) {
                    freed += file.size();
                }
            }
            unreferenced += files.size();
            if (files.size() < BATCH) {
                break;
            }
        }
        OrphanSweep orphans = new OrphanSweep(cutoff);
        objects.forEach(ObjectKeys.STORED, orphans::offer);
        objects.forEach(ObjectKeys.STAGED, orphans::offer);
        orphans.flush();
        return new HousekeepingReport(expired, unreferenced, repaired, orphans.deleted, freed + orphans.bytes);
    }

    /** Collects listed objects in batches and deletes the old ones the catalog does not know. */
    private final class OrphanSweep {
        private final Instant cutoff;
        private final List<ObjectStore.StoredObject> pending = new ArrayList<>();
        int deleted;
        long bytes;

        OrphanSweep(Instant cutoff) {
            this.cutoff = cutoff;
        }

        void offer(ObjectStore.StoredObject object) {
            if (object.lastModified().isBefore(cutoff)) {
                pending.add(object);
                if (pending.size() == BATCH) {
                    flush();
                }
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            Set<String> known = catalog.knownKeys(pending.stream().map(ObjectStore.StoredObject::key).toList());
            for (ObjectStore.StoredObject object : pending) {
                if (!known.contains(object.key()) && deleteQuietly(objects, object.key())) {
                    deleted++;
                    bytes += object.size();
                }
            }
            pending.clear();
        }
    }

    /**
     * Deletes an object, logging instead of failing: the catalog no longer knows it, so a later run's
     * orphan sweep deletes whatever this one could not.
     *
     * @return true if there was an object and it is gone
     */
    static boolean deleteQuietly(ObjectStore objects, String key) {
        try {
            return objects.delete(key);
        } catch (StorageException e) { // the store refused, or did not answer at all
            LOG.warn("cannot delete {}; housekeeping will retry: {}", key, e.getMessage());
            return false;
        }
    }
}
