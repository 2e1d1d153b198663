/**
 * Driven ports: what the cores need from storage and sign-in technology.
 *
 * <p>Implementations must be thread-safe. Signatures use JDK and {@code ports} types only; adapters
 * wrap vendor failures in {@link dev.deckhand.ports.out.StorageException} (keeping the cause) and
 * never let a vendor exception cross the port. Expected outcomes are sealed result types.
 */
package dev.deckhand.ports.out;
