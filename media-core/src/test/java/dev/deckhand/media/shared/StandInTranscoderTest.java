package dev.deckhand.media.shared;

import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.testing.MediaTranscoderContract;

/** The stand-in the shared-media rules are tested with honours the same contract as the real transcoder. */
class StandInTranscoderTest extends MediaTranscoderContract {

    @Override
    protected MediaTranscoder newTranscoder() {
        return new StandInTranscoder();
    }

    @Override
    protected byte[] png(int width, int height) {
        return StandInTranscoder.png(width, height, 200, 1);
    }

    @Override
    protected byte[] animatedGif(int width, int height) {
        return StandInTranscoder.animatedGif(width, height, 200, 2);
    }

    @Override
    protected byte[] mp3() {
        return StandInTranscoder.mp3(100, 3);
    }
}
