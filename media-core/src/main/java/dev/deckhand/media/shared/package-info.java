/**
 * The shared-deck media service: who may upload, download and remove what in a shared deck, how an
 * upload is checked (bytes, type, size, pixels) and converted before it counts, and housekeeping.
 */
package dev.deckhand.media.shared;
