package dev.deckhand.ports.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every parser of untrusted bytes promises, checked on one input at a time (the fuzz tests'
 * oracle): it returns a value or refuses with one of its documented exceptions, nothing else; it
 * finishes within a time bound; and the thread that runs it allocates no more than a bound, so
 * that a small hostile input cannot make the server allocate a large amount of memory.
 *
 * <p>An undocumented exception is rethrown unchanged, so the fuzzer reports it with its own stack
 * trace; a broken bound fails with an {@link AssertionError} that says which.
 */
public final class ParserContract {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final List<Class<? extends Exception>> refusals;
    private final Duration maxTime;
    private final long maxAllocatedBytes;

    private ParserContract(List<Class<? extends Exception>> refusals, Duration maxTime, long maxAllocatedBytes) {
        this.refusals = List.copyOf(refusals);
        this.maxTime = Objects.requireNonNull(maxTime, "maxTime");
        this.maxAllocatedBytes = maxAllocatedBytes;
    }

    /** A parser that may refuse input only with these exceptions (or their subclasses). */
    @SafeVarargs
    public static ParserContract refusingOnlyWith(Class<? extends Exception>... refusals) {
        List<Class<? extends Exception>> allowed = new ArrayList<>();
        for (Class<? extends Exception> refusal : refusals) {
            allowed.add(refusal);
        }
        return new ParserContract(List.copyOf(allowed), Duration.ofSeconds(5), 64L << 20);
    }

    /**
     * The bounds for one input. The time bound is generous on purpose: it must hold on a loaded
     * two-core machine under the fuzzer's instrumentation, and it is there to catch loops and
     * quadratic blow-ups, which take far longer.
     */
    public ParserContract within(Duration time, long allocatedBytes) {
        return new ParserContract(refusals, time, allocatedBytes);
    }

    /** One parse. */
    public interface Parse<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code parse} on one input.
     *
     * @return the parsed value, or empty if the parser refused the input with a documented exception
     */
    public <T> Optional<T> check(Parse<T> parse) throws Exception {
        Run<T> first = run(parse);
        if (first.withinBounds(this)) {
            return first.result();
        }
        // The first run of a new code path also loads, instruments and compiles classes, which
        // counts as this thread's allocation and time; a second run of the same input does not.
        Run<T> second = run(parse);
        if (second.took().compareTo(maxTime) > 0) {
            throw new AssertionError("one input took " + second.took().toMillis() + " ms, over the bound of " + maxTime.toMillis() + " ms");
        }
        if (second.allocated() > maxAllocatedBytes) {
            throw new AssertionError("one input allocated " + second.allocated() + " bytes, over the bound of " + maxAllocatedBytes);
        }
        return second.result();
    }

    private <T> Run<T> run(Parse<T> parse) throws Exception {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        Optional<T> result;
        try {
            result = Optional.ofNullable(parse.run());
        } catch (Exception e) {
            if (refusals.stream().noneMatch(type -> type.isInstance(e))) {
                throw e;
            }
            result = Optional.empty();
        }
        return new Run<>(result, Duration.ofNanos(System.nanoTime() - started), THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
    }

    private record Run<T>(Optional<T> result, Duration took, long allocated) {
        boolean withinBounds(ParserContract contract) {
            return took.compareTo(contract.maxTime) <= 0 && allocated <= contract.maxAllocatedBytes;
        }
    }
}
