package dev.deckhand.ports.out;

import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import java.util.Objects;
import java.util.Optional;

/**
 * The bookkeeping of {@link MediaLedger#apply} that every store shares: which updates change
 * something, the USN each change takes, and the state after them. A store reads each file's live
 * content, asks {@link #step} and writes the change it returns, all in one transaction.
 */
public final class MediaLedgerBatch {

    private int usn;
    private long files;
    private long bytes;

    /** A batch on top of the user's state as stored, before any of its updates. */
    public MediaLedgerBatch(MediaState before) {
        Objects.requireNonNull(before, "before");
        this.usn = before.lastUsn();
        this.files = before.liveFiles();
        this.bytes = before.liveBytes();
    }

    /** What one update does to a file name. */
    public sealed interface Change {
        /** The USN the change takes. */
        int usn();

        /** The name now holds {@code content}. */
        record Put(MediaFile content, int usn) implements Change {}

        /** The name's file is deleted; its row stays so that devices that are behind learn of it. */
        record Delete(int usn) implements Change {}
    }

    /**
     * Accounts for {@code update} of a name whose live content is {@code current}.
     *
     * @return the change to write, with its USN; empty when the update changes nothing (the same
     *     content again, or deleting an absent file)
     */
    public Optional<Change> step(MediaUpdate update, Optional<MediaFile> current) {
        if (update.content().isPresent()) {
            MediaFile content = update.content().get();
            if (current.isPresent() && current.get().sha1().equals(content.sha1())) {
                return Optional.empty();
            }
            usn++;
            files += current.isPresent() ? 0 : 1;
            bytes += content.size() - current.map(MediaFile::size).orElse(0L);
            return Optional.of(new Change.Put(content, usn));
        }
        if (current.isEmpty()) {
            return Optional.empty();
        }
        usn++;
        files--;
        bytes -= current.get().size();
        return Optional.of(new Change.Delete(usn));
    }

    /** The state after the updates stepped so far. */
    public MediaState state() {
        return new MediaState(usn, files, bytes);
    }
}
