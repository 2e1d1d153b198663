package dev.deckhand.adapter.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.BadMessageException;

/**
 * A request body that must arrive in time: by a deadline, and, after a grace period from its first
 * read, no slower on average than the minimum data rate. A client that trickles its body, just fast
 * enough or not, cannot hold a thread for long. Both failures become a {@link BodyTooSlowException},
 * an ordinary I/O failure for whoever reads the body, so it is refused like a body that broke off
 * (as is a body Jetty finds malformed). A read that blocks is not interrupted here; the connection's
 * idle timeout ends a silent client.
 *
 * <p>The rate is checked here rather than by Jetty, whose check has no grace: it held a 22-byte
 * body that a busy server read 37 ms after it arrived to be arriving at 600 bytes a second, and
 * refused it with 408.
 */
final class TimedBody extends FilterInputStream {

    /** Long enough for any small body, and for a busy server's own delays; short for a trickling one. */
    static final long RATE_GRACE_MILLIS = 5_000;

    private final long deadlineNanos;
    private final long allowedSeconds;
    private final long minBytesPerSecond;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long bytesRead;

    TimedBody(InputStream in, long deadlineNanos, long allowedSeconds, long minBytesPerSecond, LongSupplier nanoTime) {
        super(in);
        this.deadlineNanos = deadlineNanos;
        this.allowedSeconds = allowedSeconds;
        this.minBytesPerSecond = minBytesPerSecond;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
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
            int read = super.read();
            if (read >= 0) {
                bytesRead++;
            }
            return read;
        } catch (BadMessageException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        check();
        try {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                bytesRead += read;
            }
            return read;
        } catch (BadMessageException e) {
            throw translated(e);
        }
    }

    /** Jetty reports a body below the minimum data rate (408), or a malformed one, as an unchecked exception. */
    private static IOException translated(BadMessageException e) {
        return e.getCode() == 408 ? new BodyTooSlowException(e.getReason()) : new IOException(e.getReason(), e);
    }

    private void check() throws BodyTooSlowException {
        long now = nanoTime.getAsLong();
        if (now - deadlineNanos > 0) {
            throw new BodyTooSlowException("the request body took longer than " + allowedSeconds + " s to arrive");
        }
        long ratedMillis = (now - startNanos) / 1_000_000 - RATE_GRACE_MILLIS;
        if (minBytesPerSecond > 0 && ratedMillis > 0 && bytesRead < minBytesPerSecond * ratedMillis / 1000) {
            throw new BodyTooSlowException("the request body arrived more slowly than " + minBytesPerSecond + " bytes a second");
        }
    }
}
