package dev.deckhand.client;

import java.util.List;

/**
 * What a download did with each file of the deck.
 *
 * @param downloaded names fetched and written (new, changed or damaged locally)
 * @param skipped names already in the target folder with the listed SHA-256
 * @param refused names that would be written outside the target folder, or listed with a malformed hash
 * @param failed names whose transfer failed after the retries
 * @param listRequests HTTP requests made to list the deck, retries included
 * @param bytesDownloaded bytes written for {@code downloaded}
 */
public record DownloadReport(List<String> downloaded, List<String> skipped, List<RefusedFile> refused, List<FailedFile> failed,
        int listRequests, long bytesDownloaded) {

    public DownloadReport {
        downloaded = List.copyOf(downloaded);
        skipped = List.copyOf(skipped);
        refused = List.copyOf(refused);
        failed = List.copyOf(failed);
    }

    /** True when every file of the deck is now in the target folder. */
    public boolean complete() {
        return refused.isEmpty() && failed.isEmpty();
    }
}
