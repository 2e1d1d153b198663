package dev.deckhand.ports.in;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One backend's answer to a readiness check.
 *
 * @param name the backend, e.g. {@code postgres}
 * @param took how long it took to answer, or to give up
 * @param problem why it failed, without secrets; empty when it answered
 */
public record ProbeResult(String name, Duration took, Optional<String> problem) {

    public ProbeResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(problem, "problem");
    }

    public boolean ok() {
        return problem.isEmpty();
    }
}
