/**
 * S3 adapters. Planned: a content-addressed {@code BlobStore} and pre-signed URLs on any
 * S3-compatible store. Empty until those ports exist; the module is here so the build has its final
 * shape.
 */
package dev.deckhand.adapter.s3;
