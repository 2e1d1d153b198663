/**
 * Collection sync: the rules of Anki's sync protocol, independent of HTTP and SQLite. Sub-packages
 * follow the protocol's steps ({@code login}, {@code meta}, {@code full}); {@code lock} keeps one
 * sync per user at a time while different users proceed in parallel.
 */
package dev.deckhand.sync;
