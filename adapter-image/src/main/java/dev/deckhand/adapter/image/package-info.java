/** Media sniffing and WebP conversion: an implementation of {@code MediaTranscoder}. */
package dev.deckhand.adapter.image;
