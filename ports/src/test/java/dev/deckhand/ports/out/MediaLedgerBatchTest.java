package dev.deckhand.ports.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaLedgerBatchTest {

    private static final MediaFile OLD = new MediaFile("1".repeat(40), new Sha256("a".repeat(64)), 100);
    private static final MediaFile NEW = new MediaFile("2".repeat(40), new Sha256("b".repeat(64)), 30);

    @Test
    void eachRealChangeTakesTheNextUsn_andTheStateFollowsFilesAndBytes() {
        MediaLedgerBatch batch = new MediaLedgerBatch(new MediaState(7, 1, 100));

        assertThat(batch.step(new MediaUpdate("a.png", Optional.of(NEW)), Optional.of(OLD)))
                .contains(new MediaLedgerBatch.Change.Put(NEW, 8));
        assertThat(batch.step(new MediaUpdate("b.png", Optional.of(OLD)), Optional.empty()))
                .contains(new MediaLedgerBatch.Change.Put(OLD, 9));
        assertThat(batch.step(new MediaUpdate("b.png", Optional.empty()), Optional.of(OLD)))
                .contains(new MediaLedgerBatch.Change.Delete(10));

        assertThat(batch.state()).isEqualTo(new MediaState(10, 1, 30));
    }

    @Test
    void theSameContentAgain_andDeletingAnAbsentFile_changeNothing() {
        MediaLedgerBatch batch = new MediaLedgerBatch(new MediaState(7, 1, 100));

        assertThat(batch.step(new MediaUpdate("a.png", Optional.of(OLD)), Optional.of(OLD))).isEmpty();
        assertThat(batch.step(new MediaUpdate("gone.png", Optional.empty()), Optional.empty())).isEmpty();

        assertThat(batch.state()).isEqualTo(new MediaState(7, 1, 100));
    }
}
