package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A page of plain HTML, script and style served from the classpath folder {@code web/}, read once:
 * {@code GET /<name>} and its files under {@code /<name>/assets/}. The maintainers' media page
 * ({@code /manage}) talks to the shared-media API only, so it is mounted only beside it; the
 * administrators' dashboard ({@code /admin}) answers 404 while no administrator token is set up.
 */
final class WebPage {

    /**
     * The pages load nothing but themselves; the media page previews through blob: URLs of files it
     * fetched with the bearer token, so it needs no S3 origin; no inline script, so injected markup
     * cannot run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String SHARED_STYLE = "manage.css";

    private record Asset(byte[] bytes, String contentType) {}

    private final String name;
    private final Asset html;
    /** The only names {@code /<name>/assets/{file}} serves: nothing else of the classpath is reachable. */
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final BooleanSupplier available;

    private WebPage(String name, BooleanSupplier available) {
        this.name = name;
        this.available = available;
        this.html = load(name + ".html", "text/html; charset=utf-8");
        assets.put(name + ".js", load(name + ".js", "text/javascript; charset=utf-8"));
        // The media page's style is every page's base; a page adds its own on top.
        assets.put(SHARED_STYLE, load(SHARED_STYLE, "text/css; charset=utf-8"));
        assets.put(name + ".css", load(name + ".css", "text/css; charset=utf-8"));
    }

    /** The maintainers' media page, {@code /manage}. */
    static WebPage maintainers() {
        return new WebPage("manage", () -> true);
    }

    /** The administrators' dashboard, {@code /admin}: 404 whenever {@code available} says no. */
    static WebPage administrators(BooleanSupplier available) {
        return new WebPage("admin", available);
    }

    void mount(JavalinDefaultRouting router) {
        router.get("/" + name, ctx -> {
            requireAvailable();
            send(ctx, html);
            ctx.header("Cache-Control", "no-store");
        });
        router.get("/" + name + "/assets/{file}", ctx -> {
            requireAvailable();
            Asset asset = assets.get(ctx.pathParam("file"));
            if (asset == null) {
                throw new ProblemException(Problem.NOT_FOUND, "no such asset");
            }
            send(ctx, asset);
            ctx.header("Cache-Control", "no-cache");
        });
    }

    private void requireAvailable() {
        if (!available.getAsBoolean()) {
            throw new ProblemException(Problem.NOT_FOUND, "not found");
        }
    }

    private static void send(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType(asset.contentType());
        ctx.result(asset.bytes());
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource web/" + name);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
