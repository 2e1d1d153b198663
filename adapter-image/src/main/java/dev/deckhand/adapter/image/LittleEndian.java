package dev.deckhand.adapter.image;

/** Unsigned little-endian integers out of a byte array, as RIFF, BMP and GIF headers store them. */
final class LittleEndian {

    private LittleEndian() {
    }

    static int uint16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    static int uint24(byte[] bytes, int offset) {
        return uint16(bytes, offset) | (bytes[offset + 2] & 0xFF) << 16;
    }

    static long uint32(byte[] bytes, int offset) {
        return uint16(bytes, offset) | (long) uint16(bytes, offset + 2) << 16;
    }
}
