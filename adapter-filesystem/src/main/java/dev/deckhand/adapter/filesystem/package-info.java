/** Local-disk adapters: the content-addressed {@link dev.deckhand.adapter.filesystem.FilesystemBlobStore}. */
package dev.deckhand.adapter.filesystem;
