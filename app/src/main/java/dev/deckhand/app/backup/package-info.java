/**
 * Online backups of a running server, restore into an empty data folder, retention, and a user's
 * own export as a {@code .colpkg}: the layout of a backup destination, its manifest, and the steps
 * that write, verify and restore it.
 * SQLite specifics (consistent copies, integrity checks) come from {@code adapter-sqlite}; media
 * contents move through the {@link dev.deckhand.ports.out.BlobStore} port, so an S3 store is
 * backed up like a local one. See {@code docs/adr/0005-online-backups.md}.
 */
package dev.deckhand.app.backup;
