package dev.deckhand.ports.in;

import java.util.List;
import java.util.Objects;

/**
 * What each backend answered when readiness was last checked.
 *
 * @param checks one per configured backend, in a fixed order
 */
public record ReadinessReport(List<ProbeResult> checks) {

    public ReadinessReport {
        checks = List.copyOf(Objects.requireNonNull(checks, "checks"));
    }

    /** Whether every backend answered. */
    public boolean ready() {
        return checks.stream().allMatch(ProbeResult::ok);
    }
}
