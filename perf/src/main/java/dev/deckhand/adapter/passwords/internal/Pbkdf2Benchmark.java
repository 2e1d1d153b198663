package dev.deckhand.adapter.passwords.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sign-in's hash at OWASP strength: Deckhand's own PBKDF2-HMAC-SHA512 at 210,000 iterations (new
 * accounts), PBKDF2-HMAC-SHA256 at 600,000 (official {@code $pbkdf2-sha256$} hashes), and the JDK's
 * {@code PBKDF2WithHmacSHA256} at 600,000 for comparison. Run it under {@code -XX:TieredStopAtLevel=1}
 * as well ({@code -jvmArgsAppend}): that is what {@code bin/deckhand} uses on 1-2 cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Pbkdf2Benchmark {

    private static final int SHA256_ITERATIONS = 600_000;
    private final byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private final byte[] salt = "16 bytes of salt".getBytes(StandardCharsets.US_ASCII);

    @Benchmark
    public byte[] sha512Deckhand() {
        return Pbkdf2Sha512.derive(password, salt, Pbkdf2Passwords.ITERATIONS, 64);
    }

    @Benchmark
    public byte[] sha256Deckhand() {
        return Pbkdf2Sha256.derive(password, salt, SHA256_ITERATIONS, 32);
    }

    @Benchmark
    public byte[] sha256Jdk() throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(new String(password, StandardCharsets.UTF_8).toCharArray(), salt, SHA256_ITERATIONS, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }
}
