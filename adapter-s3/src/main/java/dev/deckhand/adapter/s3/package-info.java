/**
 * S3 adapters: {@link dev.deckhand.adapter.s3.S3BlobStore}, content-addressed blobs on any
 * S3-compatible store (AWS, MinIO, Garage, S3Proxy), path-style or virtual-host addressing.
 */
package dev.deckhand.adapter.s3;
