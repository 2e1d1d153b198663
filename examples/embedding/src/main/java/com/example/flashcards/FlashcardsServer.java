package com.example.flashcards;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.adapter.http.SyncRoutes;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.media.MediaSyncEngine;
import dev.deckhand.ports.out.BuildStamp;
import dev.deckhand.sync.SyncEngine;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The team's service: its own Javalin with its own routes, and Anki sync mounted on it. Official
 * Anki clients use {@code http://<host>:<port>/} as their self-hosted sync server.
 */
public final class FlashcardsServer implements AutoCloseable {

    private final Javalin app;
    private final SyncEngine sync;
    private final MediaSyncEngine media;
    private final SqliteCollectionStore collections;
    private final ServerDatabase database;

    private FlashcardsServer(Javalin app, SyncEngine sync, MediaSyncEngine media, SqliteCollectionStore collections,
            ServerDatabase database) {
        this.app = app;
        this.sync = sync;
        this.media = media;
        this.collections = collections;
        this.database = database;
    }

    /** Starts serving; listening when this returns. */
    public static FlashcardsServer start(Path dataFolder, String host, int port, Map<String, String> accounts)
            throws IOException {
        // snippet:wiring
        Clock clock = Clock.systemUTC();
        SqliteCollectionStore collections = new SqliteCollectionStore(dataFolder, new EmptyCollectionFactory(clock));
        ServerDatabase database = ServerDatabase.open(dataFolder.resolve("media.sqlite"), new BuildStamp("flashcards", "1.0.0"));

        MediaSyncEngine media = MediaSyncEngine.builder()
                .ledger(new SqliteMediaLedger(database))
                .blobs(new FilesystemBlobStore(dataFolder.resolve("blobs")))
                .build();
        SyncEngine sync = SyncEngine.builder()
                .collections(collections)
                .signIn(new TeamAccounts(accounts))
                .hostKeys(new InMemoryHostKeys())
                .mediaUsns(media.mediaUsns())
                .build();

        SyncRoutes routes = SyncRoutes.builder(sync.login(), sync.collectionSync(), sync.normalSync(), media.mediaSync())
                .tempFolder(Files.createDirectories(dataFolder.resolve("tmp")))
                .build();
        Javalin app = Javalin.create(config -> {
            routes.mount(config);
            config.router.mount(router -> router.get("/health", ctx -> ctx.result("ok")));
        }).start(host, port);
        // end-snippet
        return new FlashcardsServer(app, sync, media, collections, database);
    }

    public int port() {
        return app.port();
    }

    // snippet:closing
    @Override
    public void close() {
        app.stop();         // no new requests
        sync.close();       // stops the idle-session expiry
        media.close();      // stops the blob sweeps
        collections.close();
        database.close();
    }
    // end-snippet
}
