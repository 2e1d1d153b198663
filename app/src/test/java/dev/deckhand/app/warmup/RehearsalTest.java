package dev.deckhand.app.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.app.Deckhand;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearsalTest {

    private static final String PASSWORD = "rehearsal-password";

    @TempDir
    Path folder;

    @Test
    void round_sendsTheNotetypeDeckAndDeckOptionsBackEdited_andTheServerKeepsThem() throws Exception {
        try (Deckhand server = Deckhand.start(WarmUp.scratchConfig(folder.resolve("data"), List.of("rehearsal"), PASSWORD))) {
            SyntheticCollection collection = SyntheticCollection.build(folder, 20, Clock.systemUTC());
            Rehearsal rehearsal = Rehearsal.begin(new WireClient(server.port()), collection, "rehearsal", PASSWORD);
            List<Long> uploaded = modified(rehearsal.objects());

            rehearsal.round();

            assertThat(uploaded).as("the first pull receives a notetype, a deck and deck options").hasSize(3);
            assertThat(modified(rehearsal.objects()))
                    .as("the next pull receives each back one second newer, as the push sent it")
                    .containsExactly(uploaded.get(0) + 1, uploaded.get(1) + 1, uploaded.get(2) + 1);
        }
    }

    private static List<Long> modified(List<JsonNode> objects) {
        return objects.stream().map(object -> object.get("mod").asLong()).toList();
    }
}
