package dev.deckhand.adapter.http;

import java.util.Objects;

/** Ends a request with a {@link Problem} and a readable detail; {@link HttpErrors} decides how it is answered. */
final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final Problem problem;

    ProblemException(Problem problem, String detail) {
        super(detail);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    Problem problem() {
        return problem;
    }
}
