package dev.deckhand.app;

import dev.deckhand.adapter.http.UsageJson;
import dev.deckhand.ports.in.AccountAdministration;
import dev.deckhand.ports.in.AccountChange;
import dev.deckhand.ports.in.ServerUsage;
import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code user add|remove|list|passwd|sign-out|usage}: manage built-in accounts in the data folder, sign
 * out any user's devices, and show what each user stores. Works while the server runs; changes count at once, and removing a user or
 * changing a password signs out every device of that user.
 */
@Command(name = "user", description = "Manage built-in accounts; sign out any user's devices.", subcommands = {
    UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class, UserCommand.Passwd.class,
    UserCommand.SignOut.class, UserCommand.Usage.class
})
final class UserCommand {

    /** The accounts of the server's data folder, whose path goes to standard error so nobody wonders which. */
    private static AccountAdministration accounts(CommandSpec spec) {
        ServerConfig config = ServerConfig.load();
        Path dataFolder = DataFolder.existing(config.dataFolder());
        spec.commandLine().getErr().println(config.serverDatabase().isPresent()
                ? "accounts in PostgreSQL " + config.serverDatabase().get().jdbcUrl() : "data folder: " + dataFolder);
        spec.commandLine().getErr().flush();
        return Deckhand.accountsOf(config);
    }

    private static int report(CommandSpec spec, String name, AccountChange change) {
        PrintWriter out = spec.commandLine().getOut();
        switch (change) {
            case ADDED -> out.println("added " + name);
            case REMOVED -> out.println("removed " + name + " and signed out its devices");
            case PASSWORD_CHANGED -> out.println("changed the password of " + name + " and signed out its devices");
            case UNCHANGED -> out.println(name + " is unchanged");
            case ALREADY_EXISTS -> {
                spec.commandLine().getErr().println("deckhand: " + name + " already exists");
                return 1;
            }
            case NO_SUCH_USER -> {
                spec.commandLine().getErr().println("deckhand: no user " + name);
                return 1;
            }
            default -> throw new AssertionError(change);
        }
        out.flush();
        return 0;
    }

    /** Reads a password from standard input (one line) or, interactively, twice from the console. */
    private static Credential readPassword(boolean fromStdin) throws IOException {
        if (fromStdin) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            return new Credential.PlainPassword(line);
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for a password; use --password-stdin");
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the passwords were empty or did not match");
        }
        return new Credential.PlainPassword(new String(first));
    }

    @Command(name = "add", description = "Add an account.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "user name") String name;
        @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin;

        @Override
        public Integer call() throws IOException {
            UserId user = new UserId(name);
            return report(spec, name, accounts(spec).add(user, readPassword(stdin)));
        }
    }

    @Command(name = "remove", description = "Remove an account and revoke its devices' keys (its data stays on disk).")
    static final class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "user name") String name;

        @Override
        public Integer call() {
            return report(spec, name, accounts(spec).remove(new UserId(name)));
        }
    }

    @Command(name = "passwd", description = "Set a new password and sign out every device of the account.")
    static final class Passwd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "user name") String name;
        @Option(names = "--password-stdin", description = "read the password from standard input") boolean stdin;

        @Override
        public Integer call() throws IOException {
            return report(spec, name, accounts(spec).changePassword(new UserId(name), readPassword(stdin)));
        }
    }

    @Command(name = "sign-out", description = "Sign out every device of a user, built-in or from LDAP or Cognito.")
    static final class SignOut implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", description = "user name, as the sign-in backend names the user") String name;

        @Override
        public Integer call() {
            int devices = accounts(spec).signOut(new UserId(name));
            PrintWriter out = spec.commandLine().getOut();
            out.println("signed out " + devices + " device(s) of " + name);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            accounts(spec).list().forEach(user -> out.println(user.name()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "usage", description = "Show each user's collection, notes, cards, media, last sync and devices.")
    static final class Usage implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", description = "only this user") String name;
        @Option(names = "--json", description = "print JSON instead of a table") boolean json;

        @Override
        public Integer call() {
            ServerConfig config = ServerConfig.load();
            spec.commandLine().getErr().println("data folder: " + DataFolder.existing(config.dataFolder()));
            spec.commandLine().getErr().flush();
            return Deckhand.readUsage(config, this::print);
        }

        private int print(ServerUsage usage) {
            List<UserUsage> users;
            if (name == null) {
                users = usage.users();
            } else {
                Optional<UserUsage> one = usage.user(new UserId(name));
                if (one.isEmpty()) {
                    spec.commandLine().getErr().println("deckhand: no user " + name);
                    return 1;
                }
                users = List.of(one.get());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(UsageJson.document(users, usage.totals()));
            } else {
                out.print(UsageText.table(users));
                if (name == null) {
                    out.print(UsageText.totals(usage.totals()));
                }
            }
            out.flush();
            return 0;
        }
    }
}
