/**
 * Immutable value records shared by the cores and the adapters.
 *
 * <p>Every record validates its arguments in its compact constructor and is safe to share between
 * threads. Secrets ({@link dev.deckhand.ports.model.HostKey}, passwords) never appear in
 * {@code toString()}.
 */
package dev.deckhand.ports.model;
