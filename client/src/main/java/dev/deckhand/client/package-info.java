/** A client of the shared-deck media HTTP API: what an integration (an add-on, a tool) does. */
package dev.deckhand.client;
