/**
 * Media sniffing and WebP conversion: {@link dev.deckhand.adapter.image.ImageIoTranscoder}, an
 * implementation of {@code MediaTranscoder} for hostile uploads. Kinds come from magic bytes, sizes
 * from headers; pixels are decoded only to convert, by the JDK's own readers picked by class name,
 * and written by libwebp through the usefulness webp-imageio writer.
 */
package dev.deckhand.adapter.image;
