package dev.deckhand.ports.in;

/**
 * The server administrators' secret, kept apart from every sync account: a user's password or host
 * key never opens the administrators' dashboard.
 */
public interface AdminCredential {

    /** Whether an administrator's secret is set up; without one the dashboard is off. */
    boolean configured();

    /** Whether {@code secret} is the administrators' one, compared in constant time; false when none is set up. */
    boolean matches(String secret);
}
