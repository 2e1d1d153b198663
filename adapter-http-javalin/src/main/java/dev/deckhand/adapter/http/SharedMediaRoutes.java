package dev.deckhand.adapter.http;

import static dev.deckhand.adapter.http.SyncJson.requiredString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.decks.AnnouncedFile;
import dev.deckhand.ports.in.decks.CheckResult;
import dev.deckhand.ports.in.decks.ConfirmResult;
import dev.deckhand.ports.in.decks.SharedMedia;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.DeckMembership;
import dev.deckhand.ports.model.decks.DeckRole;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.MediaQuery;
import dev.deckhand.ports.model.decks.ReferenceHolder;
import dev.deckhand.ports.model.decks.SharedDeck;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The shared-deck media API under {@code /api/v1} (see {@code docs/api.md}). Every call but login
 * carries {@code Authorization: Bearer <token>}; requests are rate limited per user and per address.
 */
final class SharedMediaRoutes {

    private static final String PREFIX = "/api/v1";
    private static final String USER = "deckhand.api.user";
    private static final int DEFAULT_PAGE = 1_000;

    private final HostKeyLogin login;
    private final SharedMedia media;
    private final SyncJson json;
    private final MediaArchive archive;
    private final long maxJsonBytes;
    private final RateLimiter perUser;
    private final RateLimiter perAddress;
    private final ClientAddresses addresses;
    private final SignInThrottle signIns;
    private final HttpMetrics metrics;

    SharedMediaRoutes(HostKeyLogin login, SharedMedia media, SyncJson json, long maxJsonBytes, ApiRateLimits limits,
            ClientAddresses addresses, SignInThrottle signIns, HttpMetrics metrics) {
        this.login = login;
        this.media = media;
        this.json = json;
        this.archive = new MediaArchive(media);
        this.maxJsonBytes = maxJsonBytes;
        this.perUser = new RateLimiter(limits.perUserPerSecond(), limits.perUserBurst(), 100_000, System::nanoTime);
        this.perAddress = new RateLimiter(limits.perAddressPerSecond(), limits.perAddressBurst(), 100_000, System::nanoTime);
        this.addresses = addresses;
        this.signIns = signIns;
        this.metrics = metrics;
    }

    /** Mounts the API; every endpoint takes a place from {@code admission} while it runs. */
    void mount(JavalinDefaultRouting router, Admission admission) {
        router.before(PREFIX + "/*", this::limitAddress);
        router.post(PREFIX + "/login", admission.guarding(this::login));
        router.before(PREFIX + "/decks*", this::authenticate);
        router.get(PREFIX + "/decks", admission.guarding(this::decks));
        router.post(PREFIX + "/decks", admission.guarding(this::createDeck));
        router.get(PREFIX + "/decks/{deck}", admission.guarding(this::deckOf));
        router.put(PREFIX + "/decks/{deck}/members/{user}", admission.guarding(this::setRole));
        router.get(PREFIX + "/decks/{deck}/role", admission.guarding(this::role));
        router.post(PREFIX + "/decks/{deck}/media/check", admission.guarding(this::check));
        router.post(PREFIX + "/decks/{deck}/media/confirm", admission.guarding(this::confirm));
        router.get(PREFIX + "/decks/{deck}/media", admission.guarding(this::list));
        router.get(PREFIX + "/decks/{deck}/files/{name}", admission.guarding(this::file));
        router.delete(PREFIX + "/decks/{deck}/files/{name}", admission.guarding(this::remove));
        router.put(PREFIX + "/decks/{deck}/notes/{id}/media",
                admission.guarding(ctx -> references(ctx, ReferenceHolder.Kind.NOTE)));
        router.put(PREFIX + "/decks/{deck}/suggestions/{id}/media",
                admission.guarding(ctx -> references(ctx, ReferenceHolder.Kind.SUGGESTION)));
        router.delete(PREFIX + "/decks/{deck}/suggestions/{id}", admission.guarding(this::decline));
        router.post(PREFIX + "/decks/{deck}/suggestions/{id}/approve", admission.guarding(this::approve));
        router.get(PREFIX + "/decks/{deck}/media.zip", admission.guarding(ctx -> archive.stream(ctx, user(ctx), deck(ctx))));
    }

    private void limitAddress(Context ctx) {
        long wait = perAddress.acquire(addresses.of(ctx));
        if (wait > 0) {
            throw new TooManyRequestsException(wait, "too many requests from this address; retry in " + wait + " s");
        }
    }

    private void login(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        String username = requiredString(body, "username");
        String password = requiredString(body, "password");
        LoginOutcome outcome = signIns.signIn(addresses.of(ctx), username, password);
        if (!(outcome instanceof LoginOutcome.LoggedIn loggedIn)) {
            throw HttpErrors.signInRefused(outcome);
        }
        write(ctx, 200, new WireMedia.Token(loggedIn.hostKey().value()));
    }

    private void authenticate(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7
                || header.length() - 7 > HostKey.MAX_LENGTH) {
            throw new ProblemException(Problem.TOKEN_REQUIRED,
                    "send Authorization: Bearer <token> (POST /api/v1/login gives one)");
        }
        UserId user = login.userFor(new HostKey(header.substring(7).trim()))
                .orElseThrow(() -> new ProblemException(Problem.INVALID_TOKEN, "unknown or revoked token; sign in again"));
        long wait = perUser.acquire(user.name());
        if (wait > 0) {
            throw new TooManyRequestsException(wait, "too many requests for this user; retry in " + wait + " s");
        }
        ctx.attribute(USER, user);
        ctx.attribute(CollectionSyncRoutes.USER_ATTRIBUTE, user.name()); // for the request log
    }

    private void createDeck(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        long quota = body.path("quotaBytes").asLong(1L << 30);
        SharedDeck deck = parse(() ->
                new SharedDeck(new DeckId(requiredString(body, "id")), requiredString(body, "title"), quota));
        media.createDeck(user(ctx), deck);
        ctx.header("Location", deckLocation(deck.id()));
        write(ctx, 201, WireMedia.Deck.of(new DeckMembership(deck, DeckRole.MAINTAINER)));
    }

    /** The decks the caller belongs to, for pickers such as the one on {@code /manage}. */
    private void decks(Context ctx) {
        write(ctx, 200, WireMedia.Decks.of(media.decks(user(ctx))));
    }

    private void deckOf(Context ctx) {
        write(ctx, 200, WireMedia.Deck.of(media.deck(user(ctx), deck(ctx))));
    }

    /** The path of a deck, as {@code Location} names it; ids are path-safe by their own rule. */
    private static String deckLocation(DeckId deck) {
        return PREFIX + "/decks/" + deck.value();
    }

    private void setRole(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        DeckRole role = parse(() -> DeckRole.valueOf(requiredString(body, "role").toUpperCase(Locale.ROOT)));
        UserId member = parse(() -> new UserId(ctx.pathParam("user")));
        media.setRole(user(ctx), deck(ctx), member, role);
        ctx.status(204);
    }

    private void role(Context ctx) {
        Optional<DeckRole> role = media.role(user(ctx), deck(ctx));
        write(ctx, 200, Map.of("role", role.map(r -> r.name().toLowerCase(Locale.ROOT)).orElse("none")));
    }

    private void check(Context ctx) throws IOException {
        JsonNode files = array(body(ctx), "files");
        List<AnnouncedFile> announced = new ArrayList<>();
        for (JsonNode file : files) {
            announced.add(parse(() -> new AnnouncedFile(new MediaName(requiredString(file, "name")),
                    new Sha256(requiredString(file, "sha256")),
                    file.path("size").asLong(-1))));
        }
        CheckResult result = media.check(user(ctx), deck(ctx), announced);
        metrics.sharedMediaChecked(result);
        write(ctx, 200, WireMedia.Check.of(result));
    }

    private void confirm(Context ctx) throws IOException {
        List<UUID> tickets = new ArrayList<>();
        for (JsonNode ticket : array(body(ctx), "tickets")) {
            tickets.add(parse(() -> UUID.fromString(ticket.asText())));
        }
        ConfirmResult result = media.confirm(user(ctx), deck(ctx), tickets);
        metrics.sharedMediaConfirmed(result);
        write(ctx, 200, WireMedia.Confirm.of(result));
    }

    private void list(Context ctx) throws IOException {
        Optional<MediaName> after = Optional.ofNullable(ctx.queryParam("after")).map(a -> parse(() -> new MediaName(a)));
        Optional<Instant> since = Optional.ofNullable(ctx.queryParam("since")).map(s -> parse(() -> Instant.parse(s)));
        String contains = Optional.ofNullable(ctx.queryParam("contains")).orElse("");
        int limit = parse(() -> Integer.parseInt(Optional.ofNullable(ctx.queryParam("limit")).orElse("" + DEFAULT_PAGE)));
        MediaQuery query = parse(() -> new MediaQuery(after, contains, since, limit));
        write(ctx, 200, WireMedia.Page.of(media.downloads(user(ctx), deck(ctx), query)));
    }

    private void file(Context ctx) throws IOException {
        MediaName name = name(ctx);
        InputStream bytes = media.open(user(ctx), deck(ctx), name)
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND, "the deck has no file named " + name.value()));
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType("application/octet-stream");
        ctx.result(bytes);
    }

    private void remove(Context ctx) {
        MediaName name = name(ctx);
        media.remove(user(ctx), deck(ctx), name);
        ctx.status(204);
    }

    private void references(Context ctx, ReferenceHolder.Kind kind) throws IOException {
        long id = id(ctx);
        Set<MediaName> names = new LinkedHashSet<>();
        for (JsonNode name : array(body(ctx), "names")) {
            names.add(parse(() -> new MediaName(name.asText())));
        }
        media.setReferences(user(ctx), deck(ctx), new ReferenceHolder(kind, id), names);
        ctx.status(204);
    }

    private void decline(Context ctx) {
        long id = id(ctx);
        media.decline(user(ctx), deck(ctx), id);
        ctx.status(204);
    }

    private void approve(Context ctx) throws IOException {
        long suggestion = id(ctx);
        JsonNode body = body(ctx);
        if (!body.path("noteId").canConvertToLong() || !body.path("noteId").isIntegralNumber()) {
            throw new BadRequestException("noteId must be a whole number");
        }
        media.approve(user(ctx), deck(ctx), suggestion, body.get("noteId").asLong());
        ctx.status(204);
    }

    // --- helpers ----------------------------------------------------------------------------------

    static UserId user(Context ctx) {
        UserId user = ctx.attribute(USER);
        if (user == null) {
            throw new ProblemException(Problem.TOKEN_REQUIRED, "not signed in");
        }
        return user;
    }

    static DeckId deck(Context ctx) {
        return parse(() -> new DeckId(ctx.pathParam("deck")));
    }

    private static MediaName name(Context ctx) {
        return parse(() -> new MediaName(ctx.pathParam("name")));
    }

    private static long id(Context ctx) {
        return parse(() -> Long.parseLong(ctx.pathParam("id")));
    }

    private JsonNode body(Context ctx) throws IOException {
        try (InputStream in = new LimitedInputStream(RequestBodies.stream(ctx), maxJsonBytes)) {
            return json.parseObject(in.readAllBytes());
        } catch (LimitedInputStream.BodyTooLargeException e) {
            throw new ProblemException(Problem.TOO_LARGE, "request body is larger than " + e.limit() + " bytes");
        }
    }

    private static JsonNode array(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isArray()) {
            throw new BadRequestException("\"" + field + "\" must be an array");
        }
        return value;
    }

    private void write(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(json.write(body));
    }

    /** Turns a value's own validation failure into a 400 that says what was wrong. */
    static <T> T parse(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
