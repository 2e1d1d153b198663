package dev.deckhand.ports.in;

import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.UserId;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Media sync ({@code /msync}): the user's media USN, changes since a USN, uploads of added, replaced
 * and deleted files, downloads in batches, and the closing sanity check.
 *
 * <p>Invalid requests (a bad file name, too many files, an oversized file) fail with
 * {@link InvalidMediaException} and change nothing; asking for a file that is not there fails with
 * {@link MissingMediaException}. Uploads a real client may send but the server will not take (a full
 * quota or disk) are {@link Refused} with a message for the user.
 */
public interface MediaSync {

    int MAX_FILES_PER_BATCH = 25;
    long MAX_FILE_BYTES = 100L * 1024 * 1024;
    long TARGET_BATCH_BYTES = 2_621_440;
    /**
     * The most one upload may hold once unzipped. Anki fills a batch until it passes
     * {@link #TARGET_BATCH_BYTES}, checking before each file, so its largest batch is just under
     * 2.5 MiB plus one file of {@link #MAX_FILE_BYTES}: about 102.5 MiB. Anything far beyond that
     * is not a real client (a few hundred kilobytes of zipped zeros can unpack to gigabytes).
     */
    long MAX_BATCH_BYTES = 110L * 1024 * 1024;
    int CHANGES_PER_PAGE = 1000;

    int mediaUsn(UserId user);

    List<MediaChange> changes(UserId user, int afterUsn);

    /**
     * Why the user's uploads are refused before they are even read (the media quota is used up, or
     * the server's disk is nearly full), in words for the user; empty when uploads are welcome.
     */
    Optional<String> uploadRefusal(UserId user);

    /**
     * Applies an uploaded batch, in order, or refuses all of it (it would take the user past the
     * quota, or the disk past its reserve) and changes nothing.
     */
    UploadOutcome upload(UserId user, List<UploadedFile> files);

    /**
     * The files to send for a download request: a prefix of {@code filenames}, stopping after the
     * file that takes the batch past {@link #TARGET_BATCH_BYTES}.
     */
    List<DownloadedFile> download(UserId user, List<String> filenames);

    /** Whether the client's count of files equals the server's. */
    boolean sanityCheck(UserId user, long clientFileCount);

    /** One entry of an upload: a name and, unless it is a deletion, its staged content. */
    record UploadedFile(String filename, Optional<StagedContent> content) {}

    /** Content received from a client and checked by the adapter that received it. */
    interface StagedContent {
        long size();

        /** SHA-1 of the bytes, lower-case hex. */
        String sha1();

        /** SHA-256 of the bytes, lower-case hex. */
        String sha256();

        InputStream open();
    }

    /** What became of an upload. */
    sealed interface UploadOutcome {}

    /** All entries were processed; the media USN afterwards. */
    record Applied(int processed, int mediaUsn) implements UploadOutcome {}

    /** Nothing was stored; {@code message} is for the user (Anki shows it). */
    record Refused(String message) implements UploadOutcome {}

    /** A file to send: its name, size and bytes (the caller closes the stream). */
    record DownloadedFile(String filename, long size, InputStream content) {}
}
