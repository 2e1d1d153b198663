package dev.deckhand.adapter.image;

import static dev.deckhand.adapter.image.Samples.ascii;
import static dev.deckhand.adapter.image.Samples.bytes;
import static dev.deckhand.adapter.image.Samples.concat;

import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.testing.MediaTranscoderContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The real transcoder honours the contract on real files written by the JDK's encoders. */
class ImageIoTranscoderContractTest extends MediaTranscoderContract {

    @TempDir
    Path samples;

    @Override
    protected MediaTranscoder newTranscoder() {
        return new ImageIoTranscoder();
    }

    @Override
    protected byte[] png(int width, int height) throws IOException {
        return Files.readAllBytes(Samples.write(Samples.diagram(width, height), "png", samples.resolve("sample.png")));
    }

    @Override
    protected byte[] animatedGif(int width, int height) throws IOException {
        return Files.readAllBytes(Samples.writeGifSequence(samples.resolve("sample.gif"),
                Samples.diagram(width, height), Samples.photo(width, height)));
    }

    @Override
    protected byte[] mp3() {
        return concat(ascii("ID3"), bytes(4, 0, 0, 0, 0, 0, 0), bytes(0xFF, 0xFB, 0x90, 0x64), new byte[413]);
    }
}
