package dev.deckhand.app;

/** A setting has a value Deckhand cannot use; the message names the variable. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
