package dev.deckhand.adapter.s3;

import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.time.Duration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * Tells an object store that is not answering (a 503, try again) from a request it refused (a
 * 500), and asks a bucket whether it answers, for the readiness probes of both S3 adapters.
 */
final class S3Failures {

    private S3Failures() {}

    /** {@code failure} as the port's exception, with {@code message} saying what could not be done. */
    static StorageException translate(String message, SdkException failure) {
        return unreachable(failure)
                ? new BackendUnavailableException("S3 is not answering: " + message, failure)
                : new BlobStoreException(message, failure);
    }

    /** No answer at all: the connection failed or broke, or the call ran out of time. */
    static boolean unreachable(SdkException failure) {
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (failure instanceof SdkClientException) {
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns when {@code bucket} answers a HEAD request (so it exists and the credentials may use it) in time. */
    static void headBucket(S3Client s3, String bucket, Duration timeout) {
        try {
            s3.headBucket(HeadBucketRequest.builder()
                    .bucket(bucket)
                    .overrideConfiguration(call -> call.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
                    .build());
        } catch (SdkException e) {
            throw new BackendUnavailableException("S3 bucket " + bucket + " does not answer: " + e.getMessage(), e);
        }
    }
}
