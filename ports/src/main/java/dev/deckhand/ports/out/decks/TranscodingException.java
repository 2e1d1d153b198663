package dev.deckhand.ports.out.decks;

/**
 * A {@link MediaTranscoder} could not read a file or convert it: an unreadable file, an image past
 * the decoder's safety limit, a variant of a format the encoder cannot handle. The caller keeps the
 * file as it was uploaded, or refuses it.
 */
public class TranscodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TranscodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
