package dev.deckhand.app;

import java.util.Map;
import java.util.Optional;

/**
 * Reads settings from environment variables; a blank value counts as unset. Every name looked up
 * is noted in {@code reads}, for {@code config check}.
 */
record EnvironmentVariables(Map<String, String> env, SettingsReads reads) {

    EnvironmentVariables(Map<String, String> env) {
        this(env, new SettingsReads());
    }

    /** Whether {@code name} is present at all, even blank (the official server's {@code PASSWORDS_HASHED}). */
    boolean present(String name) {
        reads.read(name);
        return env.containsKey(name);
    }

    /** The first of {@code names} that is set, trimmed. */
    Optional<String> first(String... names) {
        for (String name : names) {
            reads.read(name);
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that is set, trimmed, or {@code fallback}. */
    String text(String fallback, String... names) {
        Optional<String> value = first(names);
        if (value.isEmpty()) {
            reads.fallback(names[0], fallback);
        }
        return value.orElse(fallback);
    }

    /** The first of {@code names} that is set, exactly as given (passwords may start or end with spaces). */
    Optional<String> secret(String... names) {
        for (String name : names) {
            reads.secret(name);
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** A whole number from {@code min} to {@code max} in the variable {@code name}, or {@code fallback} if unset. */
    int integer(String name, int fallback, int min, int max) {
        return integer(name, name, fallback, min, max);
    }

    /** Like {@link #integer(String, int, int, int)}, preferring {@code name} to the official {@code officialName}. */
    int integer(String name, String officialName, int fallback, int min, int max) {
        Optional<String> raw = first(name, officialName);
        if (raw.isEmpty()) {
            reads.fallback(name, Integer.toString(fallback));
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            String variable = env.containsKey(name) ? name : officialName;
            throw new ConfigException(variable + " must be a whole number from " + min + " to " + max + ", got '"
                    + raw.get() + "'");
        }
    }

    boolean flag(String name, boolean fallback) {
        Optional<String> raw = first(name);
        if (raw.isEmpty()) {
            reads.fallback(name, fallback ? "on" : "off");
            return fallback;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
        };
    }
}
