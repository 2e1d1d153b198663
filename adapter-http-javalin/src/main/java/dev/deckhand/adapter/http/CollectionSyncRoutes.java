package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.ports.in.CollectionDownload;
import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.MetaOutcome;
import dev.deckhand.ports.in.MetaRequest;
import dev.deckhand.ports.in.UploadOutcome;
import dev.deckhand.ports.model.SyncVersion;
import dev.deckhand.ports.model.UserId;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code POST /sync/<method>}: the collection sync protocol, version 11. Authenticates, then handles
 * login, meta and full sync itself and hands the normal-sync steps to {@link NormalSyncRoutes}.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
final class CollectionSyncRoutes {

    static final String USER_ATTRIBUTE = "deckhand.user";
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    private final HostKeyLogin login;
    private final CollectionSync sync;
    private final NormalSyncRoutes normalSync;
    private final SyncJson json;
    private final SyncResponses responses;
    private final ZstdContexts zstd;
    private final long maxJsonBytes;
    private final ClientAddresses addresses;
    private final SignInThrottle signIns;
    private final Admission admission;

    CollectionSyncRoutes(HostKeyLogin login, CollectionSync sync, NormalSyncRoutes normalSync, SyncJson json,
            SyncResponses responses, ZstdContexts zstd, long maxJsonBytes, ClientAddresses addresses, SignInThrottle signIns,
            Admission admission) {
        this.login = Objects.requireNonNull(login, "login");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.normalSync = Objects.requireNonNull(normalSync, "normalSync");
        this.json = Objects.requireNonNull(json, "json");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.zstd = Objects.requireNonNull(zstd, "zstd");
        this.maxJsonBytes = maxJsonBytes;
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.signIns = Objects.requireNonNull(signIns, "signIns");
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    void handle(Context ctx) throws IOException {
        SyncMethod method = SyncMethod.fromWire(ctx.pathParam("method"))
                .orElseThrow(() -> new ProblemException(Problem.NOT_FOUND, "unknown sync method " + ctx.pathParam("method")));
        AnkiSyncHeader header = AnkiSyncHeader.parse(ctx.header(AnkiSyncHeader.NAME), json.mapper());
        if (!header.version().isDirectPost()) {
            throw new ProblemException(Problem.CLIENT_TOO_OLD, "sync version " + header.version().value()
                    + " is not supported; Deckhand serves Anki 2.1.57 and later");
        }
        if (method == SyncMethod.HOST_KEY) {
            hostKey(ctx);
            return;
        }
        UserId user = authenticate(ctx, header);
        try (Admission.Place place = admission.forAccount(user.name())) {
            switch (method) {
                case META -> meta(ctx, user);
                case UPLOAD -> upload(ctx, user);
                case DOWNLOAD -> download(ctx, user);
                case ABORT -> {
                    json.requireEmptyObject(body(ctx));
                    sync.abort(user, header.session());
                    responses.send(ctx, NULL);
                }
                default -> responses.send(ctx, normalSync.handle(method, user, header.session(), body(ctx)));
            }
        }
    }

    private void hostKey(Context ctx) throws IOException {
        JsonNode request = json.parseObject(body(ctx));
        String username = SyncJson.requiredString(request, "u");
        String password = SyncJson.requiredString(request, "p");
        LoginOutcome outcome = signIns.signIn(addresses.of(ctx), username, password);
        if (!(outcome instanceof LoginOutcome.LoggedIn loggedIn)) {
            throw HttpErrors.signInRefused(outcome);
        }
        ctx.attribute(USER_ATTRIBUTE, loggedIn.user().name());
        responses.send(ctx, json.write(new WireHostKey(loggedIn.hostKey().value())));
    }

    private void meta(Context ctx, UserId user) throws IOException {
        JsonNode request = json.parseObject(body(ctx));
        int version = SyncJson.requiredInt(request, "v");
        String clientVersion = SyncJson.requiredString(request, "cv");
        if (version < 0 || version > 255) {
            throw new BadRequestException("invalid json: \"v\" must be a small integer");
        }
        MetaOutcome outcome = sync.meta(user, new MetaRequest(new SyncVersion(version), clientVersion));
        if (outcome instanceof MetaOutcome.SyncMeta meta) {
            responses.send(ctx, json.write(WireMeta.of(meta)));
        } else if (outcome instanceof MetaOutcome.Redirect redirect) {
            // Anki repeats meta at the Location as its new base URL, and keeps it (a 301-303 it
            // would follow as a GET, losing the body).
            ctx.status(HttpStatus.PERMANENT_REDIRECT);
            ctx.header(Header.LOCATION, redirect.node().toString());
        } else if (outcome instanceof MetaOutcome.ClientTooOld tooOld) {
            throw new ProblemException(Problem.CLIENT_TOO_OLD, tooOld.reason());
        } else {
            throw new AssertionError(outcome);
        }
    }

    private void upload(Context ctx, UserId user) throws IOException {
        UploadOutcome outcome;
        try (InputStream body = ZstdBodies.decoding(RequestBodies.stream(ctx))) {
            outcome = sync.upload(user, body);
        }
        if (outcome instanceof UploadOutcome.UploadAccepted) {
            responses.send(ctx, OK);
        } else if (outcome instanceof UploadOutcome.UploadRefused refused) {
            // The protocol reports refused uploads as 200 with a text the client shows verbatim.
            ctx.attribute(RequestIds.ERROR_ATTRIBUTE, refused.detail());
            responses.send(ctx, refused.clientMessage().getBytes(StandardCharsets.UTF_8));
        } else if (outcome instanceof UploadOutcome.UploadBodyUnreadable unreadable) {
            throw new BadRequestException("could not read the upload: " + unreadable.detail());
        } else {
            throw new AssertionError(outcome);
        }
    }

    private void download(Context ctx, UserId user) throws IOException {
        json.requireEmptyObject(body(ctx));
        try (CollectionDownload download = sync.download(user);
                InputStream content = download.content()) {
            responses.stream(ctx, download.sizeBytes(), content);
        }
    }

    private UserId authenticate(Context ctx, AnkiSyncHeader header) {
        UserId user = header.presentedKey()
                .flatMap(login::userFor)
                .orElseThrow(() -> new ProblemException(Problem.INVALID_TOKEN, "invalid host key; please log in again"));
        ctx.attribute(USER_ATTRIBUTE, user.name());
        return user;
    }

    private byte[] body(Context ctx) throws IOException {
        return RequestBodies.json(ctx, maxJsonBytes, zstd);
    }
}
