package dev.deckhand.adapter.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.BadMessageException;

/**
 * A request body that must arrive in time: by a deadline, and (checked by Jetty on every read) no
 * slower on average than the minimum data rate. A client that trickles its body, just fast enough
 * or not, cannot hold a thread for long. Both failures become a {@link BodyTooSlowException}, an
 * ordinary I/O failure for whoever reads the body, so it is refused like a body that broke off (as
 * is a body Jetty finds malformed). A
 * read that blocks is not interrupted here; the connection's idle timeout ends a silent client.
 */
final class TimedBody extends FilterInputStream {

    private final long deadlineNanos;
    private final long allowedSeconds;

    TimedBody(InputStream in, long deadlineNanos, long allowedSeconds) {
        super(in);
        this.deadlineNanos = deadlineNanos;
        this.allowedSeconds = allowedSeconds;
    }

    /** The body arrived too slowly or took too long. */
    static final class BodyTooSlowException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooSlowException(String message) {
            super(message);
        }
    }

    @Override
    public int read() throws IOException {
        check();
        try {
            return super.read();
        } catch (BadMessageException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        check();
        try {
            return super.read(buffer, offset, length);
        } catch (BadMessageException e) {
            throw translated(e);
        }
    }

    /** Jetty reports a body below the minimum data rate (408), or a malformed one, as an unchecked exception. */
    private static IOException translated(BadMessageException e) {
        return e.getCode() == 408 ? new BodyTooSlowException(e.getReason()) : new IOException(e.getReason(), e);
    }

    private void check() throws BodyTooSlowException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new BodyTooSlowException("the request body took longer than " + allowedSeconds + " s to arrive");
        }
    }
}
