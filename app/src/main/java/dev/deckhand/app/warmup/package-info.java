/** The synthetic sync that runs against a throw-away server before the real one opens its port. */
package dev.deckhand.app.warmup;
