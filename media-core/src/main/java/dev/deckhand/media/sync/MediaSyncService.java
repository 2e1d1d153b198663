package dev.deckhand.media.sync;

import dev.deckhand.ports.in.InvalidMediaException;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.MissingMediaException;
import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaFileNames;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.ContentGuard;
import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.MediaLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media sync on content-addressed storage: every distinct file is one blob, however many users or
 * names point at it; each user's ledger maps names to blobs. A batch is checked completely before
 * anything is stored, so a refused upload leaves ledger and store as they were.
 */
public final class MediaSyncService implements MediaSync {

    private static final Logger LOG = LoggerFactory.getLogger(MediaSyncService.class);

    private final MediaLedger ledger;
    private final BlobStore blobs;
    private final ContentGuard guard;
    private final DiskSpace space;
    private final OptionalLong quotaBytes;
    private final Clock clock;

    /**
     * @param space the disk the uploads are staged and (on local disk) stored on
     * @param quotaBytes how many bytes of media one user may keep; empty: no limit
     */
    public MediaSyncService(MediaLedger ledger, BlobStore blobs, ContentGuard guard, DiskSpace space, OptionalLong quotaBytes,
            Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.space = Objects.requireNonNull(space, "space");
        this.quotaBytes = Objects.requireNonNull(quotaBytes, "quotaBytes");
        if (quotaBytes.isPresent() && quotaBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("a media quota cannot be negative");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public int mediaUsn(UserId user) {
        return ledger.state(user).lastUsn();
    }

    @Override
    public List<MediaChange> changes(UserId user, int afterUsn) {
        return ledger.changesAfter(user, afterUsn, CHANGES_PER_PAGE);
    }

    @Override
    public Optional<String> uploadRefusal(UserId user) {
        if (!space.hasRoomFor(0)) {
            return Optional.of(MediaMessages.diskFull());
        }
        long used = ledger.state(user).liveBytes();
        if (quotaBytes.isPresent() && used >= quotaBytes.getAsLong()) {
            return Optional.of(MediaMessages.quotaFull(used, quotaBytes.getAsLong()));
        }
        return Optional.empty();
    }

    @Override
    public UploadOutcome upload(UserId user, List<UploadedFile> files) {
        if (files.size() > MAX_FILES_PER_BATCH) {
            throw new InvalidMediaException("an upload may hold at most " + MAX_FILES_PER_BATCH + " files, got " + files.size());
        }
        List<MediaLedger.MediaUpdate> updates = new ArrayList<>(files.size());
        Set<String> names = new HashSet<>();
        for (UploadedFile file : files) {
            MediaFileNames.problem(file.filename()).ifPresent(problem -> {
                throw new InvalidMediaException(problem);
            });
            if (!names.add(file.filename())) {
                throw new InvalidMediaException("the upload names " + file.filename() + " twice");
            }
            updates.add(new MediaLedger.MediaUpdate(file.filename(), file.content().map(MediaSyncService::checked)));
        }
        long incoming = files.stream().flatMap(file -> file.content().stream()).mapToLong(StagedContent::size).sum();
        if (!space.hasRoomFor(incoming)) {
            return new Refused(MediaMessages.diskFull());
        }
        if (quotaBytes.isPresent()) {
            long after = bytesAfter(user, updates);
            if (after > quotaBytes.getAsLong()) {
                return new Refused(MediaMessages.quotaExceeded(after, quotaBytes.getAsLong()));
            }
        }
        MediaState after = guard.whileUploading(() -> {
            for (UploadedFile file : files) {
                file.content().ifPresent(this::store);
            }
            return ledger.apply(user, updates, clock.millis() / 1000);
        });
        return new Applied(files.size(), after.lastUsn());
    }

    /** The user's media bytes once {@code updates} replace what their names hold now. */
    private long bytesAfter(UserId user, List<MediaLedger.MediaUpdate> updates) {
        long total = ledger.state(user).liveBytes();
        for (MediaLedger.MediaUpdate update : updates) {
            total -= ledger.file(user, update.filename()).map(MediaFile::size).orElse(0L);
            total += update.content().map(MediaFile::size).orElse(0L);
        }
        return total;
    }

    @Override
    public List<DownloadedFile> download(UserId user, List<String> filenames) {
        if (filenames.size() > MAX_FILES_PER_BATCH) {
            throw new InvalidMediaException("at most " + MAX_FILES_PER_BATCH + " files per download, got " + filenames.size());
        }
        List<DownloadedFile> batch = new ArrayList<>();
        long total = 0;
        try {
            for (String name : filenames) {
                MediaFile file = ledger.file(user, name)
                        .orElseThrow(() -> new MissingMediaException("no media file " + name));
                Optional<InputStream> content = blobs.open(file.sha256());
                if (content.isEmpty()) {
                    LOG.error("media file {} of {} points at blob {}, which is missing", name, user.name(), file.sha256().hex());
                    throw new MissingMediaException("the content of " + name + " is missing on the server");
                }
                batch.add(new DownloadedFile(name, file.size(), content.get()));
                total += file.size();
                // Anki's rule: stop after the file that goes past the target, so a batch is never empty.
                if (total > TARGET_BATCH_BYTES) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            closeAll(batch);
            throw e;
        }
        return batch;
    }

    @Override
    public boolean sanityCheck(UserId user, long clientFileCount) {
        return ledger.state(user).liveFiles() == clientFileCount;
    }

    private static MediaFile checked(StagedContent content) {
        if (content.size() <= 0) {
            throw new InvalidMediaException("media files may not be empty");
        }
        if (content.size() > MAX_FILE_BYTES) {
            throw new InvalidMediaException("media files may be at most 100 MiB, got " + content.size() + " bytes");
        }
        return new MediaFile(content.sha1(), new Sha256(content.sha256()), content.size());
    }

    private void store(StagedContent content) {
        try (InputStream in = content.open()) {
            blobs.put(new Sha256(content.sha256()), in, content.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read staged media", e);
        }
    }

    private static void closeAll(List<DownloadedFile> files) {
        for (DownloadedFile file : files) {
            try {
                file.content().close();
            } catch (IOException e) {
                LOG.debug("closing a media stream failed: {}", e.getMessage());
            }
        }
    }
}
