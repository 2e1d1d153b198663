package dev.deckhand.adapter.passwords.internal;

/**
 * PBKDF2 (RFC 8018) with HMAC-SHA-256, computed in a tight loop. The HMAC key's inner and
 * outer pads are compressed once; each of the many iterations then costs exactly two compressions
 * of one block, on primitive arrays, with nothing allocated. The JDK's implementation compresses
 * both pads again on every iteration and goes through {@code Mac}, about twice the work, and a
 * sign-in must answer well under half a second (Anki's desktop app otherwise swallows the
 * wrong-password warning) without fewer iterations. Output is the JDK's byte for byte
 * ({@code Pbkdf2Test} checks random inputs against it).
 */
final class Pbkdf2Sha256 {

    private static final int BLOCK_BYTES = 64;
    private static final int DIGEST_BYTES = 32;
    private static final int[] INITIAL_STATE = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };
    private static final int[] ROUND_CONSTANTS = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    };

    private Pbkdf2Sha256() {}

    static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("iterations and length must be positive");
        }
        byte[] key = password.length > BLOCK_BYTES ? hashBytes(hash(INITIAL_STATE, 0, password)) : password;
        int[] innerPad = padState(key, 0x36);
        int[] outerPad = padState(key, 0x5c);
        int[] schedule = new int[64];
        int[] state = new int[8];
        int[] sum = new int[8];
        byte[] output = new byte[length];
        for (int block = 1; (long) (block - 1) * DIGEST_BYTES < length; block++) {
            byte[] first = new byte[salt.length + 4];
            System.arraycopy(salt, 0, first, 0, salt.length);
            writeInt(first, salt.length, block);
            byte[] u = hashBytes(hash(outerPad, BLOCK_BYTES, hashBytes(hash(innerPad, BLOCK_BYTES, first))));
            for (int i = 0; i < 8; i++) {
                sum[i] = readInt(u, i * 4);
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
            for (int i = 0; i < 8 && offset + i * 4 < length; i++) {
                for (int b = 0; b < 4 && offset + i * 4 + b < length; b++) {
                    output[offset + i * 4 + b] = (byte) (sum[i] >>> (24 - 8 * b));
                }
            }
        }
        return output;
    }

    /** Words 8 to 15 of a block holding one digest after a one-block pad: 0x80, zeros, 96 bytes in bits. */
    private static void padDigest(int[] block) {
        block[8] = 0x80000000;
        block[9] = 0;
        block[10] = 0;
        block[11] = 0;
        block[12] = 0;
        block[13] = 0;
        block[14] = 0;
        block[15] = (BLOCK_BYTES + DIGEST_BYTES) * 8;
    }

    private static int[] padState(byte[] key, int pad) {
        byte[] padded = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            padded[i] = (byte) ((i < key.length ? key[i] : 0) ^ pad);
        }
        int[] state = INITIAL_STATE.clone();
        int[] block = new int[64];
        load(padded, 0, block);
        compress(state, block);
        return state;
    }

    /**
     * The SHA-256 state after {@code message} and its padding, continuing from {@code start}, which
     * has already absorbed {@code absorbedBytes} (one pad block, or nothing for the initial state).
     */
    private static int[] hash(int[] start, long absorbedBytes, byte[] message) {
        int[] state = start.clone();
        int[] block = new int[64];
        int full = message.length / BLOCK_BYTES;
        for (int i = 0; i < full; i++) {
            load(message, i * BLOCK_BYTES, block);
            compress(state, block);
        }
        byte[] tail = new byte[message.length % BLOCK_BYTES + 9 > BLOCK_BYTES ? 2 * BLOCK_BYTES : BLOCK_BYTES];
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

    private static byte[] hashBytes(int[] state) {
        byte[] bytes = new byte[DIGEST_BYTES];
        for (int i = 0; i < 8; i++) {
            writeInt(bytes, i * 4, state[i]);
        }
        return bytes;
    }

    private static void load(byte[] bytes, int offset, int[] block) {
        for (int i = 0; i < 16; i++) {
            block[i] = readInt(bytes, offset + i * 4);
        }
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16 | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    /** One SHA-256 compression of the block in {@code w[0..15]}; {@code w[16..63]} is scratch. */
    private static void compress(int[] state, int[] w) {
        for (int t = 16; t < 64; t++) {
            int x = w[t - 15];
            int y = w[t - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = state[0];
        int b = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        // Eight rounds per pass with the variables' roles rotated instead of their values moved,
        // which is what keeps this fast under the C1 compiler too.
        for (int t = 0; t < 64; t += 8) {
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
    private static int bigSigma0(int x) {
        return Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22);
    }

    private static int bigSigma1(int x) {
        return Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25);
    }

    private static int choose(int x, int y, int z) {
        return (x & y) ^ (~x & z);
    }

    private static int majority(int x, int y, int z) {
        return (x & y) ^ (x & z) ^ (y & z);
    }
}
