/**
 * Moving in from another sync server ({@code deckhand import}): the official Anki sync server or
 * ankisyncd. A {@link dev.deckhand.ports.movein.MoveInSource} reads the old server's folder without
 * changing it; a {@link dev.deckhand.ports.movein.MoveInTarget} stages each user's collection and
 * switches the user in atomically. What devices remember must survive the move exactly: collection
 * {@code mod}, {@code scm} and USNs, the media USN and every file's USN, and the host keys they sign
 * in with. Values and ports live here together because nothing else uses them.
 *
 * <p>Implementations need not be thread-safe: one import runs at a time, from the command line.
 * Failures to read or write are {@link dev.deckhand.ports.out.StorageException}s.
 */
package dev.deckhand.ports.movein;
