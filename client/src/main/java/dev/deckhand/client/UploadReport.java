package dev.deckhand.client;

import java.util.List;

/**
 * What an upload did with each file of the folder.
 *
 * @param present names the deck already had with these bytes (nothing was sent)
 * @param stored files sent and stored by the server
 * @param refused files refused by the client (names the API cannot carry, empty files) or the server
 * @param failed files whose transfer failed after the retries
 */
public record UploadReport(List<String> present, List<StoredFile> stored, List<RefusedFile> refused, List<FailedFile> failed) {

    public UploadReport {
        present = List.copyOf(present);
        stored = List.copyOf(stored);
        refused = List.copyOf(refused);
        failed = List.copyOf(failed);
    }

    /** True when every file is now in the deck. */
    public boolean complete() {
        return refused.isEmpty() && failed.isEmpty();
    }
}
