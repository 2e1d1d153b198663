/**
 * Driving ports: the use cases that the HTTP adapter and the command line call.
 *
 * <p>Implementations are thread-safe. Expected outcomes (a refused login, a rejected upload, a
 * client that is too old) are returned as sealed result types; exceptions mean a bug
 * ({@link java.lang.IllegalArgumentException}, {@link java.lang.IllegalStateException}) or an
 * infrastructure failure ({@link dev.deckhand.ports.out.StorageException}).
 */
package dev.deckhand.ports.in;
