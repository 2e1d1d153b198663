package dev.deckhand.app;

import picocli.CommandLine;

/** {@code java -jar deckhand.jar [serve | user ...]}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new DeckhandCommand());
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cl.getErr().println("deckhand: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }
}
