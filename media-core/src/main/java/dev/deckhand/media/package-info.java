/**
 * Media rules, independent of HTTP and storage: per-user media sync ({@code sync}) over a
 * content-addressed blob store shared by all users, and the housekeeping that removes blobs nothing
 * references ({@code housekeeping}).
 */
package dev.deckhand.media;
