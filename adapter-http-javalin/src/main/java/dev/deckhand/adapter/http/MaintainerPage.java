package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The maintainers' media page: {@code GET /manage} and its script and style under
 * {@code /manage/assets/}, read once from the classpath folder {@code web/}. The page talks to the
 * shared-media API only, so it is mounted only beside it.
 */
final class MaintainerPage {

    /**
     * The page loads nothing but itself, and previews through blob: URLs of files it fetched with
     * the bearer token, so it needs no S3 origin; no inline script, so injected markup cannot run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType) {}

    private final Asset html = load("manage.html", "text/html; charset=utf-8");
    /** The only names {@code /manage/assets/{name}} serves: nothing else of the classpath is reachable. */
    private final Map<String, Asset> assets = Map.of(
            "manage.js", load("manage.js", "text/javascript; charset=utf-8"),
            "manage.css", load("manage.css", "text/css; charset=utf-8"));

    void mount(JavalinDefaultRouting router) {
        router.get("/manage", ctx -> {
            send(ctx, html);
            ctx.header("Cache-Control", "no-store");
        });
        router.get("/manage/assets/{name}", ctx -> {
            Asset asset = assets.get(ctx.pathParam("name"));
            if (asset == null) {
                throw new HttpStatusException(404, "no such asset");
            }
            send(ctx, asset);
            ctx.header("Cache-Control", "no-cache");
        });
    }

    private static void send(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType(asset.contentType());
        ctx.result(asset.bytes());
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = MaintainerPage.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource web/" + name);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
