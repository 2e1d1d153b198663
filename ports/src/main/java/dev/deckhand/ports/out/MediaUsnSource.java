package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;

/** The user's current media USN, which {@code /sync/meta} reports so clients can skip {@code msync/begin}. */
public interface MediaUsnSource {

    int mediaUsn(UserId user);
}
