package dev.deckhand.adapter.passwords.internal;

/**
 * PBKDF2 (RFC 8018) with HMAC-SHA-512, computed in a tight loop. The HMAC key's inner and
 * outer pads are compressed once; each of the many iterations then costs exactly two compressions
 * of one block, on primitive arrays, with nothing allocated. The JDK's implementation compresses
 * both pads again on every iteration and goes through {@code Mac}, about twice the work, and a
 * sign-in must answer well under half a second (Anki's desktop app otherwise swallows the
 * wrong-password warning) without fewer iterations. Output is the JDK's byte for byte
 * ({@code Pbkdf2Test} checks random inputs against it).
 */
final class Pbkdf2Sha512 {

    private static final int BLOCK_BYTES = 128;
    private static final int DIGEST_BYTES = 64;
    private static final long[] INITIAL_STATE = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L
    };
    private static final long[] ROUND_CONSTANTS = {
        0x428a2f98d728ae22L, 0x7137449123ef65cdL, 0xb5c0fbcfec4d3b2fL, 0xe9b5dba58189dbbcL,
        0x3956c25bf348b538L, 0x59f111f1b605d019L, 0x923f82a4af194f9bL, 0xab1c5ed5da6d8118L,
        0xd807aa98a3030242L, 0x12835b0145706fbeL, 0x243185be4ee4b28cL, 0x550c7dc3d5ffb4e2L,
        0x72be5d74f27b896fL, 0x80deb1fe3b1696b1L, 0x9bdc06a725c71235L, 0xc19bf174cf692694L,
        0xe49b69c19ef14ad2L, 0xefbe4786384f25e3L, 0x0fc19dc68b8cd5b5L, 0x240ca1cc77ac9c65L,
        0x2de92c6f592b0275L, 0x4a7484aa6ea6e483L, 0x5cb0a9dcbd41fbd4L, 0x76f988da831153b5L,
        0x983e5152ee66dfabL, 0xa831c66d2db43210L, 0xb00327c898fb213fL, 0xbf597fc7beef0ee4L,
        0xc6e00bf33da88fc2L, 0xd5a79147930aa725L, 0x06ca6351e003826fL, 0x142929670a0e6e70L,
        0x27b70a8546d22ffcL, 0x2e1b21385c26c926L, 0x4d2c6dfc5ac42aedL, 0x53380d139d95b3dfL,
        0x650a73548baf63deL, 0x766a0abb3c77b2a8L, 0x81c2c92e47edaee6L, 0x92722c851482353bL,
        0xa2bfe8a14cf10364L, 0xa81a664bbc423001L, 0xc24b8b70d0f89791L, 0xc76c51a30654be30L,
        0xd192e819d6ef5218L, 0xd69906245565a910L, 0xf40e35855771202aL, 0x106aa07032bbd1b8L,
        0x19a4c116b8d2d0c8L, 0x1e376c085141ab53L, 0x2748774cdf8eeb99L, 0x34b0bcb5e19b48a8L,
        0x391c0cb3c5c95a63L, 0x4ed8aa4ae3418acbL, 0x5b9cca4f7763e373L, 0x682e6ff3d6b2b8a3L,
        0x748f82ee5defb2fcL, 0x78a5636f43172f60L, 0x84c87814a1f0ab72L, 0x8cc702081a6439ecL,
        0x90befffa23631e28L, 0xa4506cebde82bde9L, 0xbef9a3f7b2c67915L, 0xc67178f2e372532bL,
        0xca273eceea26619cL, 0xd186b8c721c0c207L, 0xeada7dd6cde0eb1eL, 0xf57d4f7fee6ed178L,
        0x06f067aa72176fbaL, 0x0a637dc5a2c898a6L, 0x113f9804bef90daeL, 0x1b710b35131c471bL,
        0x28db77f523047d84L, 0x32caab7b40c72493L, 0x3c9ebe0a15c9bebcL, 0x431d67c49c100d4cL,
        0x4cc5d4becb3e42b6L, 0x597f299cfc657e2aL, 0x5fcb6fab3ad6faecL, 0x6c44198c4a475817L
    };

    private Pbkdf2Sha512() {}

    static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("iterations and length must be positive");
        }
        byte[] key = password.length > BLOCK_BYTES ? hashBytes(hash(INITIAL_STATE, 0, password)) : password;
        long[] innerPad = padState(key, 0x36);
        long[] outerPad = padState(key, 0x5c);
        long[] schedule = new long[80];
        long[] state = new long[8];
        long[] sum = new long[8];
        byte[] output = new byte[length];
        for (int block = 1; (long) (block - 1) * DIGEST_BYTES < length; block++) {
            byte[] first = new byte[salt.length + 4];
            System.arraycopy(salt, 0, first, 0, salt.length);
            writeInt(first, salt.length, block);
            byte[] u = hashBytes(hash(outerPad, BLOCK_BYTES, hashBytes(hash(innerPad, BLOCK_BYTES, first))));
            for (int i = 0; i < 8; i++) {
                sum[i] = readLong(u, i * 8);
                schedule[i] = sum[i];
            }
            for (int j = 2; j <= iterations; j++) {
                // Inner hash of U(j-1): the pad's state, then U(j-1) padded as a 192-byte message.
                System.arraycopy(innerPad, 0, state, 0, 8);
                padDigest(schedule);
                compress(state, schedule);
                // Outer hash of that: the same shape, its result is U(j).
                System.arraycopy(state, 0, schedule, 0, 8);
                System.arraycopy(outerPad, 0, state, 0, 8);
                padDigest(schedule);
                compress(state, schedule);
                for (int i = 0; i < 8; i++) {
                    sum[i] ^= state[i];
                    schedule[i] = state[i];
                }
            }
            int offset = (block - 1) * DIGEST_BYTES;
            for (int i = 0; i < 8 && offset + i * 8 < length; i++) {
                for (int b = 0; b < 8 && offset + i * 8 + b < length; b++) {
                    output[offset + i * 8 + b] = (byte) (sum[i] >>> (56 - 8 * b));
                }
            }
        }
        return output;
    }

    /** Words 8 to 15 of a block holding one digest after a one-block pad: 0x80, zeros, 192 bytes in bits. */
    private static void padDigest(long[] block) {
        block[8] = 0x8000000000000000L;
        block[9] = 0;
        block[10] = 0;
        block[11] = 0;
        block[12] = 0;
        block[13] = 0;
        block[14] = 0;
        block[15] = (BLOCK_BYTES + DIGEST_BYTES) * 8L;
    }

    private static long[] padState(byte[] key, int pad) {
        byte[] padded = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            padded[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        }
        long[] state = INITIAL_STATE.clone();
        long[] block = new long[80];
        load(padded, 0, block);
        compress(state, block);
        return state;
    }

    /**
     * The SHA-512 state after {@code message} and its padding, continuing from {@code start}, which
     * has already absorbed {@code absorbedBytes} (one pad block, or nothing for the initial state).
     */
    private static long[] hash(long[] start, long absorbedBytes, byte[] message) {
        long[] state = start.clone();
        long[] block = new long[80];
        int full = message.length / BLOCK_BYTES;
        for (int i = 0; i < full; i++) {
            load(message, i * BLOCK_BYTES, block);
            compress(state, block);
        }
        byte[] tail = new byte[message.length % BLOCK_BYTES + 17 > BLOCK_BYTES ? 2 * BLOCK_BYTES : BLOCK_BYTES];
        int rest = message.length % BLOCK_BYTES;
        System.arraycopy(message, full * BLOCK_BYTES, tail, 0, rest);
        tail[rest] = (byte) 0x80;
        long bits = (absorbedBytes + message.length) * 8;
        for (int b = 0; b < 8; b++) {
            tail[tail.length - 1 - b] = (byte) (bits >>> (8 * b));
        }
        for (int offset = 0; offset < tail.length; offset += BLOCK_BYTES) {
            load(tail, offset, block);
            compress(state, block);
        }
        return state;
    }

    private static byte[] hashBytes(long[] state) {
        byte[] bytes = new byte[DIGEST_BYTES];
        for (int i = 0; i < 8; i++) {
            for (int b = 0; b < 8; b++) {
                bytes[i * 8 + b] = (byte) (state[i] >>> (56 - 8 * b));
            }
        }
        return bytes;
    }

    private static void load(byte[] bytes, int offset, long[] block) {
        for (int i = 0; i < 16; i++) {
            block[i] = readLong(bytes, offset + i * 8);
        }
    }

    private static long readLong(byte[] bytes, int offset) {
        long value = 0;
        for (int b = 0; b < 8; b++) {
            value = (value << 8) | (bytes[offset + b] & 0xffL);
        }
        return value;
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    /** One SHA-512 compression of the block in {@code w[0..15]}; {@code w[16..79]} is scratch. */
    private static void compress(long[] state, long[] w) {
        for (int t = 16; t < 80; t++) {
            long x = w[t - 15];
            long y = w[t - 2];
            long s0 = Long.rotateRight(x, 1) ^ Long.rotateRight(x, 8) ^ (x >>> 7);
            long s1 = Long.rotateRight(y, 19) ^ Long.rotateRight(y, 61) ^ (y >>> 6);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        long a = state[0];
        long b = state[1];
        long c = state[2];
        long d = state[3];
        long e = state[4];
        long f = state[5];
        long g = state[6];
        long h = state[7];
        // Eight rounds per pass with the variables' roles rotated instead of their values moved,
        // which is what keeps this fast under the C1 compiler too.
        for (int t = 0; t < 80; t += 8) {
            h += bigSigma1(e) + choose(e, f, g) + ROUND_CONSTANTS[t] + w[t];
            d += h;
            h += bigSigma0(a) + majority(a, b, c);
            g += bigSigma1(d) + choose(d, e, f) + ROUND_CONSTANTS[t + 1] + w[t + 1];
            c += g;
            g += bigSigma0(h) + majority(h, a, b);
            f += bigSigma1(c) + choose(c, d, e) + ROUND_CONSTANTS[t + 2] + w[t + 2];
            b += f;
            f += bigSigma0(g) + majority(g, h, a);
            e += bigSigma1(b) + choose(b, c, d) + ROUND_CONSTANTS[t + 3] + w[t + 3];
            a += e;
            e += bigSigma0(f) + majority(f, g, h);
            d += bigSigma1(a) + choose(a, b, c) + ROUND_CONSTANTS[t + 4] + w[t + 4];
            h += d;
            d += bigSigma0(e) + majority(e, f, g);
            c += bigSigma1(h) + choose(h, a, b) + ROUND_CONSTANTS[t + 5] + w[t + 5];
            g += c;
            c += bigSigma0(d) + majority(d, e, f);
            b += bigSigma1(g) + choose(g, h, a) + ROUND_CONSTANTS[t + 6] + w[t + 6];
            f += b;
            b += bigSigma0(c) + majority(c, d, e);
            a += bigSigma1(f) + choose(f, g, h) + ROUND_CONSTANTS[t + 7] + w[t + 7];
            e += a;
            a += bigSigma0(b) + majority(b, c, d);
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
    private static long bigSigma0(long x) {
        return Long.rotateRight(x, 28) ^ Long.rotateRight(x, 34) ^ Long.rotateRight(x, 39);
    }

    private static long bigSigma1(long x) {
        return Long.rotateRight(x, 14) ^ Long.rotateRight(x, 18) ^ Long.rotateRight(x, 41);
    }

    private static long choose(long x, long y, long z) {
        return (x & y) ^ (~x & z);
    }

    private static long majority(long x, long y, long z) {
        return (x & y) ^ (x & z) ^ (y & z);
    }
}
