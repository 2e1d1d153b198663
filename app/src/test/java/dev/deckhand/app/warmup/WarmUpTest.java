package dev.deckhand.app.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void run_completesAWholeRound_andLeavesNoFolderBehind() throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));

        WarmUp.Report report = WarmUp.run(Duration.ZERO, Clock.systemUTC());

        assertThat(report.completed()).as("upload, download, push, pull and media sync all answered as expected").isTrue();
        assertThat(report.rounds()).isEqualTo(1);
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.filter(path -> path.getFileName().toString().startsWith("deckhand-warm-up"))).isEmpty();
        }
    }
}
