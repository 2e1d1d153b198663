/**
 * The HTTP adapter: Anki's sync wire format on Javalin. Handlers translate a request into one
 * use-case call and back; all status mapping lives in {@link dev.deckhand.adapter.http.HttpErrors}.
 * Javalin's {@code Context} never leaves this package.
 */
package dev.deckhand.adapter.http;
