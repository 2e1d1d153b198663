package dev.deckhand.ports.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaFileNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "heart.png", "café d'été 1.jpg", "名前 with spaces.mp3", "😀.gif", "CONSOLE.png", "con_.mp3", "aux_.mp3",
        "COM0.txt", "LPT10", "a.b.c", ".hidden", "_template.css", "x{y}(z)&'!@#$%=+,;~`.png", "x\u0085y.png"})
    void namesAnkiGivesFilesAreTaken(String name) {
        assertThat(MediaFileNames.problem(name)).as(name).isEmpty();
    }

    @Test
    void upTo255BytesAreTaken() {
        assertThat(MediaFileNames.problem("a".repeat(255))).isEmpty();
        assertThat(MediaFileNames.problem("é".repeat(128))).hasValueSatisfying(p -> assertThat(p).contains("256 UTF-8 bytes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CON", "con.mp3", "aux.mp3", "Nul.tar.gz", "PRN.", "com1.png", "LPT9.wav"})
    void windowsDeviceNamesAreRefused(String name) {
        assertThat(MediaFileNames.problem(name)).as(name)
                .hasValueSatisfying(p -> assertThat(p).contains("device name Windows cannot store"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"photo.", "photo.png ", "..", "."})
    void trailingDotsAndSpacesAreRefused(String name) {
        assertThat(MediaFileNames.problem(name)).as(name).hasValueSatisfying(p -> assertThat(p).contains("ends with a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.png", "a\\b.png", "a:b.png", "what?.png", "star*.png", "<x>.png", "pipe|.png",
        "q\".png", "caret^.png", "[x].png"})
    void charactersAnkiRemovesAreRefused(String name) {
        assertThat(MediaFileNames.problem(name)).as(name).hasValueSatisfying(p -> assertThat(p).contains("Anki removes"));
    }

    @Test
    void otherShapesAnkiNeverSendsAreRefusedWithAReason() {
        assertThat(MediaFileNames.problem("")).hasValue("a media file name is empty");
        assertThat(MediaFileNames.problem("tab\there.png")).hasValueSatisfying(p -> assertThat(p).contains("control"));
        assertThat(MediaFileNames.problem("cafe\u0301.png")).hasValueSatisfying(p -> assertThat(p).contains("NFC"));
        assertThat(MediaFileNames.problem("no\u00a0break.png")).hasValueSatisfying(p -> assertThat(p).contains("no-break"));
        assertThat(MediaFileNames.problem("x\u0378.png")).hasValueSatisfying(p -> assertThat(p).contains("U+0378"));
        assertThat(MediaFileNames.problem("x\ud800.png")).hasValueSatisfying(p -> assertThat(p).contains("surrogate"));
    }

    @Test
    void sharedNamesMayNotHideBehindBidirectionalControls() {
        String disguised = "photo\u202egpj.exe";
        assertThat(MediaFileNames.problem(disguised)).as("Anki itself keeps such names").isEmpty();
        assertThat(MediaFileNames.problemForSharing(disguised))
                .hasValueSatisfying(p -> assertThat(p).contains("U+202E").contains("bidirectional").contains("\\u202E"));
        assertThat(MediaFileNames.problemForSharing("x\u0085y.png")).hasValueSatisfying(p -> assertThat(p).contains("control"));
        assertThat(MediaFileNames.problemForSharing("heart.png")).isEmpty();
        assertThat(MediaFileNames.problemForSharing("aux.mp3")).isPresent();
    }
}
