package dev.deckhand.app;

import java.util.Map;
import java.util.Optional;

/** Reads settings from environment variables; a blank value counts as unset. */
record EnvironmentVariables(Map<String, String> env) {

    /** The first of {@code names} that is set, trimmed. */
    Optional<String> first(String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that is set, exactly as given (passwords may start or end with spaces). */
    Optional<String> secret(String... names) {
        for (String name : names) {
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
            return fallback;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
        };
    }
}
