package dev.deckhand.sync.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.MetaOutcome;
import dev.deckhand.ports.in.MetaRequest;
import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.SyncVersion;
import dev.deckhand.sync.SyncLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MetaStepTest {

    private static final long NOW = 1_718_000_001_234L;
    private final MetaStep meta = new MetaStep(new SyncLimits(1000, "MAX_SYNC_PAYLOAD_MEGS"), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final CollectionState state = new CollectionState(1_718_000_000_000L, 1_717_000_000_000L, 42, true, 500);

    @Test
    void answer_reportsTheStoredCollection_andTheClockInSeconds() {
        MetaOutcome outcome = meta.answer(new MetaRequest(new SyncVersion(11), "anki,26.9.3"), state, 17);

        assertThat(outcome).isEqualTo(new MetaOutcome.SyncMeta(
                1_718_000_000_000L, 1_717_000_000_000L, 42, 1_718_000_001L, "", true, false, 17));
    }

    @Test
    void answer_saysEmptyWhenTheCollectionHasNoCards() {
        CollectionState empty = new CollectionState(0, 5, 0, false, 100);

        MetaOutcome.SyncMeta outcome = (MetaOutcome.SyncMeta) meta.answer(new MetaRequest(new SyncVersion(11), "x"), empty, 0);

        assertThat(outcome.empty()).isTrue();
        assertThat(outcome.modifiedMillis()).isZero();
    }

    @Test
    void answer_forcesAOneWaySync_whenTheCollectionIsOverTheLimit() {
        CollectionState huge = new CollectionState(1, 2, 3, true, 1000);

        MetaOutcome.SyncMeta outcome = (MetaOutcome.SyncMeta) meta.answer(new MetaRequest(new SyncVersion(11), "x"), huge, 0);

        assertThat(outcome.schemaMillis()).isEqualTo(NOW);
    }

    @Test
    void answer_toAnUnknownVersion_isClientTooOld() {
        assertThat(meta.answer(new MetaRequest(new SyncVersion(7), "x"), state, 0)).isInstanceOf(MetaOutcome.ClientTooOld.class);
        assertThat(meta.answer(new MetaRequest(new SyncVersion(12), "x"), state, 0)).isInstanceOf(MetaOutcome.ClientTooOld.class);
    }

    @Test
    void answer_toALegacyVersion_stopsWithAMessage() {
        MetaOutcome.SyncMeta outcome = (MetaOutcome.SyncMeta) meta.answer(new MetaRequest(new SyncVersion(10), "x"), state, 0);

        assertThat(outcome.proceed()).isFalse();
        assertThat(outcome.message()).contains("2.1.57");
    }

    @Test
    void everyOutcomeType_isKnownToThisTest() {
        assertThat(MetaOutcome.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(MetaOutcome.SyncMeta.class, MetaOutcome.ClientTooOld.class,
                        MetaOutcome.Redirect.class);
    }
}
