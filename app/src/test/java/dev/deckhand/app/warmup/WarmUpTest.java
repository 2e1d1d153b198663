package dev.deckhand.app.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.app.Deckhand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void run_completesAWholeRound_andLeavesNoFolderBehind() throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = warmUpFolders(temp);

        WarmUp.Report report = WarmUp.run(Duration.ZERO, Clock.systemUTC(), Deckhand::start);

        assertThat(report.completed()).as("upload, download, push, pull and media sync all answered as expected, the server counting the rows sent").isTrue();
        assertThat(report.rounds()).isEqualTo(1);
        assertThat(warmUpFolders(temp)).isEqualTo(before);
    }

    private static List<Path> warmUpFolders(Path temp) throws IOException {
        try (Stream<Path> paths = Files.list(temp)) {
            return paths.filter(path -> path.getFileName().toString().startsWith("deckhand-warm-up")).sorted().toList();
        }
    }
}
