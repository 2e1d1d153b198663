package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.out.decks.TranscodingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link MediaTranscoder} must do; extended once per implementation, which supplies
 * sample files of the formats as it understands them (real images for a real encoder).
 */
public abstract class MediaTranscoderContract {

    @TempDir
    Path temp;
    private MediaTranscoder transcoder;

    protected abstract MediaTranscoder newTranscoder();

    /** A still PNG of {@code width} x {@code height} that the transcoder converts. */
    protected abstract byte[] png(int width, int height) throws IOException;

    /** A GIF of {@code width} x {@code height} with two frames. */
    protected abstract byte[] animatedGif(int width, int height) throws IOException;

    /** An MP3 that starts with an ID3 tag. */
    protected abstract byte[] mp3();

    @BeforeEach
    void setUp() {
        transcoder = newTranscoder();
    }

    @Test
    void inspect_aPng_givesItsKindAndSize() throws IOException {
        assertThat(transcoder.inspect(write("picture.png", png(40, 30))))
                .contains(new MediaInspection(MediaKind.PNG, 40, 30, false));
    }

    @Test
    void inspect_aGifWithTwoFrames_isAnimated() throws IOException {
        assertThat(transcoder.inspect(write("moving.gif", animatedGif(20, 10))))
                .contains(new MediaInspection(MediaKind.GIF, 20, 10, true));
    }

    @Test
    void inspect_anMp3_isAudioWithoutSize() throws IOException {
        assertThat(transcoder.inspect(write("sound.mp3", mp3()))).contains(new MediaInspection(MediaKind.MP3, 0, 0, false));
    }

    @Test
    void inspect_whatIsNoMediaOrCutShort_isEmpty() throws IOException {
        assertThat(transcoder.inspect(write("notes.txt", "just some text".getBytes(StandardCharsets.UTF_8)))).isEmpty();
        assertThat(transcoder.inspect(write("empty.png", new byte[0]))).isEmpty();
        assertThat(transcoder.inspect(write("cut.png", Arrays.copyOf(png(40, 30), 12)))).isEmpty();
    }

    @Test
    void inspect_aFileThatCannotBeRead_isATranscodingException() {
        assertThatThrownBy(() -> transcoder.inspect(temp.resolve("missing.png"))).isInstanceOf(TranscodingException.class);
    }

    @Test
    void toWebp_aPng_writesAWebpOfTheSameSize() throws IOException {
        Path png = write("picture.png", png(40, 30));
        Path target = temp.resolve("picture.webp");

        boolean converted = transcoder.toWebp(png, transcoder.inspect(png).orElseThrow(), target);

        assertThat(converted).isTrue();
        byte[] webp = Files.readAllBytes(target);
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(transcoder.inspect(target)).contains(new MediaInspection(MediaKind.WEBP, 40, 30, false));
    }

    @Test
    void toWebp_leavesWebpAudioAndAnimationsAlone_andWritesNoTarget() throws IOException {
        Path png = write("picture.png", png(40, 30));
        Path webp = temp.resolve("already.webp");
        transcoder.toWebp(png, transcoder.inspect(png).orElseThrow(), webp);

        for (Path source : new Path[] {webp, write("sound.mp3", mp3()), write("moving.gif", animatedGif(20, 10))}) {
            Path target = temp.resolve("not-written-" + source.getFileName());

            assertThat(transcoder.toWebp(source, transcoder.inspect(source).orElseThrow(), target)).as(source.toString()).isFalse();
            assertThat(target).as(source.toString()).doesNotExist();
        }
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(temp.resolve(name), content);
    }
}
