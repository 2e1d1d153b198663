/**
 * The S3 adapter: {@link dev.deckhand.adapter.s3.S3BlobStore} keeps media contents as objects in
 * any S3-compatible store (AWS, MinIO, Garage, S3Proxy), configured by
 * {@link dev.deckhand.adapter.s3.S3Settings}. Only app constructs it.
 *
 * <p>Layout: one object per blob, keyed {@code <keyPrefix>blobs/<first two hex digits>/<sha256 hex>},
 * with the hex SHA-256 also in the {@code deckhand-sha256} metadata. The object's LastModified is
 * the blob's last-used time; storing a blob that exists copies the object onto itself to refresh it.
 *
 * <p>Guarantees: content is hashed and counted into a temporary file before anything is sent, so a
 * mismatch stores nothing and memory stays bounded; the upload is one PutObject with
 * {@code x-amz-checksum-sha256}, which the store verifies, and which S3 publishes only when complete.
 *
 * <p>{@link dev.deckhand.adapter.s3.S3ObjectStore} serves the shared-deck media service: objects by
 * key, and pre-signed PUTs that sign the content length and {@code x-amz-checksum-sha256}, so a
 * client can upload exactly the announced bytes to exactly one key and nothing else.
 *
 * <p>Both are thread-safe. Every AWS SDK failure, including one while reading an opened stream,
 * surfaces as {@link dev.deckhand.ports.out.BlobStoreException} with the SDK exception as its cause;
 * an absent blob is an empty result, never an exception. The AWS SDK types stay inside this package.
 */
package dev.deckhand.adapter.s3;
