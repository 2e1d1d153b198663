package dev.deckhand.app.backup;

import java.io.IOException;

/**
 * Words for an exception in a message an operator reads. A file-system exception's message is
 * often only a path, so its kind goes first ("NoSuchFile /backups/x").
 */
final class Failures {

    private Failures() {}

    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof IOException || message.isBlank()) {
            return (e.getClass().getSimpleName().replace("Exception", "") + " " + message).strip();
        }
        return message;
    }
}
