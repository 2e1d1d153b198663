package dev.deckhand.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MediaNamesTest {

    private final Path folder = Path.of("/tmp/deck").toAbsolutePath().normalize();

    @Test
    void problem_acceptsWhatTheApiTakes() {
        assertThat(MediaNames.problem("heart.png")).isEmpty();
        assertThat(MediaNames.problem("caf\u00e9 d'été 1.jpg")).isEmpty();
        assertThat(MediaNames.problem("a".repeat(255))).isEmpty();
    }

    @Test
    void problem_namesWhatTheApiWouldRefuse() {
        assertThat(MediaNames.problem("cafe\u0301.png")).hasValueSatisfying(reason -> assertThat(reason).contains("NFC"));
        assertThat(MediaNames.problem("tab\there.png")).hasValueSatisfying(reason -> assertThat(reason).contains("control"));
        assertThat(MediaNames.problem("")).isPresent();
        assertThat(MediaNames.problem("\u00e9".repeat(128))).as("256 UTF-8 bytes").isPresent();
        assertThat(MediaNames.problem("..")).isPresent();
        assertThat(MediaNames.problem("a/b.png")).isPresent();
        assertThat(MediaNames.problem("a\\b.png")).isPresent();
    }

    @Test
    void inside_keepsEveryListedNameInTheFolder() {
        assertThat(MediaNames.inside(folder, "heart.png")).contains(folder.resolve("heart.png"));
        for (String hostile : new String[] {"..", ".", "../etc/passwd", "a/../../x", "/etc/passwd", "..\\x", "x\u0000"}) {
            assertThat(MediaNames.inside(folder, hostile)).as(hostile).isEmpty();
        }
    }
}
