package dev.deckhand.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code admin token}: the administrators' dashboard credential. */
@Command(name = "admin", description = "The administrators' dashboard (/admin) and its token.",
        subcommands = AdminCommand.Token.class)
final class AdminCommand {

    @Command(name = "token", description = "Make a new administrator token (replacing any earlier one) and print it"
            + " once; with --off, remove it, which turns /admin off. Works while the server runs.")
    static final class Token implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--off", description = "remove the token: the dashboard answers 404") boolean off;

        @Override
        public Integer call() {
            Path dataFolder = DataFolder.existing(ServerConfig.load().dataFolder());
            AdminTokenFile tokens = new AdminTokenFile(dataFolder);
            PrintWriter err = spec.commandLine().getErr();
            err.println("data folder: " + dataFolder);
            if (off) {
                err.println(tokens.revoke() ? "removed the administrator token; /admin is off" : "there was no administrator token");
                err.flush();
                return 0;
            }
            String token = tokens.issue();
            err.println("new administrator token (only its hash is kept in " + tokens.file() + "; any earlier token stops working):");
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            return 0;
        }
    }
}
