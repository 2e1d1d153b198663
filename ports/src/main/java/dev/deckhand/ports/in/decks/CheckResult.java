package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.decks.MediaName;
import java.util.List;

/**
 * The answer to announced files: names the deck now has without an upload (the bytes were stored
 * already), offers to upload the rest, and refusals (too big, over the deck's quota).
 */
public record CheckResult(List<MediaName> present, List<UploadOffer> uploads, List<Refusal> refused) {

    public CheckResult {
        present = List.copyOf(present);
        uploads = List.copyOf(uploads);
        refused = List.copyOf(refused);
    }
}
