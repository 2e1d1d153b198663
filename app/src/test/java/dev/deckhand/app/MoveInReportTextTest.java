package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.movein.UserOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoveInReportTextTest {

    @Test
    void everyOutcomeHasItsWords() {
        List<UserOutcome> outcomes = List.of(new UserOutcome.Ready(), new UserOutcome.MovedIn(), new UserOutcome.AlreadyMovedIn(0),
                new UserOutcome.Refused("why"), new UserOutcome.Held("because"));

        assertThat(outcomes).extracting(Object::getClass).containsExactlyInAnyOrder(UserOutcome.class.getPermittedSubclasses());
        assertThat(outcomes).extracting(MoveInReportText::outcome)
                .containsExactly("ready to move in", "moved in", "already moved in (1970-01-01T00:00:00Z), left as it is",
                        "refused: why", "held: because");
    }
}
