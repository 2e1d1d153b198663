/**
 * The boundary of Deckhand's cores.
 *
 * <p>{@code ports.in} holds the use cases that driving adapters (HTTP, CLI) call, {@code ports.out}
 * the services the cores need from driven adapters (storage, sign-in), and {@code ports.model} the
 * value records both sides exchange. Everything here depends on the JDK only.
 */
package dev.deckhand.ports;
