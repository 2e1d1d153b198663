package dev.deckhand.adapter.s3;

import dev.deckhand.ports.out.BlobStoreException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;

/** The SDK can fail mid-stream with its own unchecked exceptions; callers see a {@link BlobStoreException}. */
final class SdkFailureTranslatingStream extends FilterInputStream {

    private final String key;

    SdkFailureTranslatingStream(InputStream in, String key) {
        super(in);
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    private BlobStoreException failure(SdkException e) {
        return new BlobStoreException("cannot read " + key + " from S3", e);
    }
}
