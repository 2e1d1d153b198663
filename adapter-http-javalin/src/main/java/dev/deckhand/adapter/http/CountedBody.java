package dev.deckhand.adapter.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** A request body that adds every byte read to a counter, for the request log's {@code bytes_in}. */
final class CountedBody extends FilterInputStream {

    private final AtomicLong read;

    CountedBody(InputStream body, AtomicLong read) {
        super(body);
        this.read = read;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            read.incrementAndGet();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            read.addAndGet(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        read.addAndGet(skipped);
        return skipped;
    }
}
