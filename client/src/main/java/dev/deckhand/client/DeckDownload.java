package dev.deckhand.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One deck's download into a folder, page by page: while one page's files download, the next page
 * is listed, so at most two pages of links are held and no link is used long after it was signed.
 * A file already in the folder with the listed SHA-256 is skipped, which makes a second run a resume.
 */
final class DeckDownload {

    static final int PAGE_SIZE = 1_000;
    /** A bound on the listing loop: 100 million files, far above any deck. */
    static final int MAX_PAGES = 100_000;

    private final MediaApi api;
    private final PresignedTransfers transfers;
    private final Workers workers;
    private final DownloadTally tally = new DownloadTally();

    DeckDownload(MediaApi api, PresignedTransfers transfers, Workers workers) {
        this.api = api;
        this.transfers = transfers;
        this.workers = workers;
    }

    DownloadReport run(String deck, Path target) {
        Path folder;
        try {
            folder = Files.createDirectories(target).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + target + " as the target folder", e);
        }
        AtomicInteger listRequests = new AtomicInteger();
        List<Future<Void>> inFlight = List.of();
        Optional<String> after = Optional.empty();
        for (int pages = 1; pages <= MAX_PAGES; pages++) {
            Wire.Page page = api.page(deck, after, PAGE_SIZE, listRequests);
            Workers.await(inFlight);
            inFlight = workers.submit(page.files(), link -> fetchInto(folder, link));
            if (page.next() == null) {
                Workers.await(inFlight);
                return tally.report(listRequests.get());
            }
            if (after.isPresent() && after.get().equals(page.next())) {
                throw new IllegalStateException("the server listed the page after " + page.next() + " twice; stopping");
            }
            after = Optional.of(page.next());
        }
        throw new IllegalStateException("the deck lists more than " + MAX_PAGES + " pages; stopping");
    }

    /** Checks the listed name and hash before anything touches the disk. */
    private Void fetchInto(Path folder, Wire.Link link) {
        String name = link.name() == null ? "" : link.name();
        Optional<String> problem = MediaNames.problem(name);
        Optional<Path> destination = problem.isPresent() ? Optional.empty() : MediaNames.inside(folder, name);
        if (destination.isEmpty()) {
            tally.refused(name, problem.orElse("the name would be written outside " + folder));
        } else if (!Sha256Files.isWellFormed(link.sha256())) {
            tally.refused(name, "the listing gives no well-formed SHA-256 for this file");
        } else {
            fetchTo(destination.get(), link);
        }
        return null;
    }

    private void fetchTo(Path destination, Wire.Link link) {
        try {
            if (alreadyThere(destination, link)) {
                tally.skipped(link.name());
                return;
            }
            tally.downloaded(link.name(), transfers.download(link.download(), destination, link.sha256(), link.size()));
        } catch (IOException e) {
            tally.failed(link.name(), "download failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.failed(link.name(), "interrupted");
        }
    }

    private static boolean alreadyThere(Path file, Wire.Link link) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && Files.size(file) == link.size()
                && Sha256Files.of(file).equals(link.sha256());
    }

    /** What became of each file; written to by the workers. */
    private static final class DownloadTally {
        private final List<String> downloaded = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final List<RefusedFile> refused = new ArrayList<>();
        private final List<FailedFile> failed = new ArrayList<>();
        private long bytes;

        synchronized void downloaded(String name, long written) {
            downloaded.add(name);
            bytes += written;
        }

        synchronized void skipped(String name) {
            skipped.add(name);
        }

        synchronized void refused(String name, String reason) {
            refused.add(new RefusedFile(name, reason));
        }

        synchronized void failed(String name, String error) {
            failed.add(new FailedFile(name, error));
        }

        synchronized DownloadReport report(int listRequests) {
            downloaded.sort(Comparator.naturalOrder());
            skipped.sort(Comparator.naturalOrder());
            refused.sort(Comparator.comparing(RefusedFile::name));
            failed.sort(Comparator.comparing(FailedFile::name));
            return new DownloadReport(downloaded, skipped, refused, failed, listRequests, bytes);
        }
    }
}
