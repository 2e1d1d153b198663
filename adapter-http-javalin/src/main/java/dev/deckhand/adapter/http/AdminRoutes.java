package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.AccountChange;
import dev.deckhand.ports.in.BackupSummary;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The administrators' API under {@code /admin/api}: an overview (users, storage, backups, recent
 * requests) and the actions sign out, add and remove a user. Every call needs
 * {@code Authorization: Bearer <admin token>} (a header, never a cookie, so another site cannot make
 * a browser send it); wrong tokens count against the client's address like wrong passwords, and the
 * check comes first. While no token is set up, the API answers 404.
 */
final class AdminRoutes {

    private static final long MAX_BODY_BYTES = 16 * 1024;
    private static final int TRACKED_ADDRESSES = 10_000;
    private static final String BEARER = "Bearer ";

    private final AdminDashboard dashboard;
    private final SyncJson json;
    private final ClientAddresses addresses;
    private final RecentRequests recent;
    private final RateLimiter wrongTokens;
    private final Clock clock;

    AdminRoutes(AdminDashboard dashboard, SyncJson json, ClientAddresses addresses, RecentRequests recent, SignInLimits limits,
            LongSupplier nanos, Clock clock) {
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
        this.json = Objects.requireNonNull(json, "json");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.clock = Objects.requireNonNull(clock, "clock");
        double windowSeconds = limits.window().toMillis() / 1000.0;
        this.wrongTokens = new RateLimiter(limits.failuresPerAddress() / windowSeconds, limits.failuresPerAddress(),
                TRACKED_ADDRESSES, nanos);
    }

    void mount(JavalinDefaultRouting router) {
        WebPage.administrators(dashboard.credential()::configured).mount(router);
        router.get("/admin/api/overview", authorized(this::overview));
        router.post("/admin/api/sign-out", authorized(this::signOut));
        router.post("/admin/api/users/add", authorized(this::addUser));
        router.post("/admin/api/users/remove", authorized(this::removeUser));
    }

    private Handler authorized(Handler handler) {
        return ctx -> {
            ctx.header("Cache-Control", "no-store");
            requireToken(ctx);
            handler.handle(ctx);
        };
    }

    /** Refuses a request without the administrators' token. */
    private void requireToken(Context ctx) {
        if (!dashboard.credential().configured()) {
            throw new ProblemException(Problem.NOT_FOUND, "not found");
        }
        String address = addresses.of(ctx);
        long wait = wrongTokens.peek(address);
        if (wait > 0) {
            throw new TooManyRequestsException(wait, "too many wrong administrator tokens from this address; try again in "
                    + wait + " s");
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith(BEARER)) {
            throw new ProblemException(Problem.TOKEN_REQUIRED, "the administrator token is required");
        }
        if (!dashboard.credential().matches(header.substring(BEARER.length()).strip())) {
            wrongTokens.spend(address);
            throw new ProblemException(Problem.INVALID_TOKEN, "wrong administrator token");
        }
    }

    private void overview(Context ctx) {
        ObjectNode root = json.mapper().createObjectNode();
        root.put("now", clock.instant().toString());
        root.put("built_in_accounts", dashboard.builtInAccounts());
        UsageJson.into(root, dashboard.usage().users(), dashboard.usage().totals());
        if (dashboard.backups().isPresent()) {
            ArrayNode backups = root.putArray("backups");
            for (BackupSummary backup : dashboard.backups().get().backups()) {
                ObjectNode row = backups.addObject();
                row.put("name", backup.name());
                row.put("completed_at", backup.completedAt().toString());
                row.put("age_seconds", Duration.between(backup.completedAt(), clock.instant()).toSeconds());
            }
        } else {
            root.putNull("backups");
        }
        ArrayNode requests = root.putArray("recent_requests");
        for (RecentRequests.Request request : recent.list()) {
            ObjectNode row = requests.addObject();
            row.put("at", request.at().toString());
            row.put("method", request.method());
            row.put("path", request.path());
            row.put("status", request.status());
            row.put("duration_ms", request.durationMillis());
            row.put("user", request.user());
        }
        write(ctx, 200, root);
    }

    private void signOut(Context ctx) throws IOException {
        UserId user = user(body(ctx));
        ObjectNode reply = json.mapper().createObjectNode();
        reply.put("user", user.name());
        reply.put("signed_out_devices", dashboard.accounts().signOut(user));
        write(ctx, 200, reply);
    }

    private void addUser(Context ctx) throws IOException {
        requireBuiltInAccounts();
        JsonNode body = body(ctx);
        UserId user = user(body);
        String password = SyncJson.requiredString(body, "password");
        if (password.isEmpty()) {
            throw new BadRequestException("the password must not be empty");
        }
        change(ctx, user, dashboard.accounts().add(user, new Credential.PlainPassword(password)));
    }

    private void removeUser(Context ctx) throws IOException {
        requireBuiltInAccounts();
        UserId user = user(body(ctx));
        change(ctx, user, dashboard.accounts().remove(user));
    }

    private void change(Context ctx, UserId user, AccountChange change) {
        int status = switch (change) {
            case ADDED, REMOVED -> 200;
            case ALREADY_EXISTS -> 409;
            case NO_SUCH_USER -> 404;
            case PASSWORD_CHANGED, UNCHANGED -> throw new AssertionError(change);
        };
        ObjectNode reply = json.mapper().createObjectNode();
        reply.put("user", user.name());
        reply.put("result", change.name().toLowerCase(Locale.ROOT));
        write(ctx, status, reply);
    }

    private void requireBuiltInAccounts() {
        if (!dashboard.builtInAccounts()) {
            throw new ProblemException(Problem.FORBIDDEN, "users sign in through another backend; add and remove them there");
        }
    }

    private static UserId user(JsonNode body) {
        String name = SyncJson.requiredString(body, "user");
        return SharedMediaRoutes.parse(() -> new UserId(name));
    }

    private JsonNode body(Context ctx) throws IOException {
        try (InputStream in = new LimitedInputStream(RequestBodies.stream(ctx), MAX_BODY_BYTES)) {
            return json.parseObject(in.readAllBytes());
        } catch (LimitedInputStream.BodyTooLargeException e) {
            throw new ProblemException(Problem.TOO_LARGE, "request body is larger than " + e.limit() + " bytes");
        }
    }

    private void write(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(json.write(body));
    }

    /** For the dashboard: every request but its own calls, so its refreshes do not crowd out the sync traffic. */
    static boolean shown(String path) {
        return !path.startsWith("/admin");
    }
}
