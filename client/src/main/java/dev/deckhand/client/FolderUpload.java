package dev.deckhand.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One folder's upload, in batches of {@value #BATCH} files: hash, check (which the deck lacks), PUT
 * those in parallel, confirm. Batch by batch, so every ticket is confirmed long before it expires.
 */
final class FolderUpload {

    /** The most files one check or confirm call may name. */
    static final int BATCH = 100;

    private final MediaApi api;
    private final PresignedTransfers transfers;
    private final Workers workers;
    private final UploadTally tally = new UploadTally();

    FolderUpload(MediaApi api, PresignedTransfers transfers, Workers workers) {
        this.api = api;
        this.transfers = transfers;
        this.workers = workers;
    }

    private record LocalFile(String name, Path path, String sha256, long size) {
        Wire.Announced announced() {
            return new Wire.Announced(name, sha256, size);
        }
    }

    UploadReport run(String deck, Path folder) {
        List<Path> candidates = new ArrayList<>();
        for (Path file : regularFiles(folder)) {
            Optional<String> problem = problem(file);
            if (problem.isPresent()) {
                tally.refused(file.getFileName().toString(), problem.get());
            } else {
                candidates.add(file);
            }
        }
        for (int from = 0; from < candidates.size(); from += BATCH) {
            upload(deck, candidates.subList(from, Math.min(from + BATCH, candidates.size())));
        }
        return tally.report();
    }

    /** Regular files directly in the folder, by name; hidden files, symbolic links and folders are left out. */
    private static List<Path> regularFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Why the API cannot take this file (one such file in a batch would fail the whole check call). */
    private static Optional<String> problem(Path file) {
        Optional<String> name = MediaNames.problem(file.getFileName().toString());
        if (name.isPresent()) {
            return name;
        }
        try {
            return Files.size(file) == 0 ? Optional.of("an empty file; the API takes files of at least one byte") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // hashing will report it as failed
        }
    }

    private void upload(String deck, List<Path> batch) {
        List<LocalFile> files = workers.map(batch, this::hash).stream().flatMap(Optional::stream).toList();
        if (files.isEmpty()) {
            return;
        }
        Map<String, LocalFile> byName = new HashMap<>();
        files.forEach(file -> byName.put(file.name(), file));
        Wire.Check check = api.check(deck, files.stream().map(LocalFile::announced).toList());

        Set<String> answered = new HashSet<>(check.present());
        tally.present(check.present());
        check.refused().forEach(refusal -> {
            answered.add(refusal.name());
            tally.refused(refusal.name(), refusal.reason());
        });
        Map<String, String> nameOfTicket = new HashMap<>();
        List<Wire.Upload> offers = check.uploads().stream().filter(offer -> byName.containsKey(offer.name())).toList();
        offers.forEach(offer -> {
            answered.add(offer.name());
            nameOfTicket.put(offer.ticket(), offer.name());
        });
        byName.keySet().stream().filter(name -> !answered.contains(name))
                .forEach(name -> tally.failed(name, "the server's check did not mention this file"));

        List<String> sent = workers.map(offers, offer -> send(offer, byName.get(offer.name())))
                .stream().flatMap(Optional::stream).toList();
        if (!sent.isEmpty()) {
            confirm(deck, sent, nameOfTicket);
        }
    }

    private Optional<LocalFile> hash(Path path) {
        String name = path.getFileName().toString();
        try {
            return Optional.of(new LocalFile(name, path, Sha256Files.of(path), Files.size(path)));
        } catch (IOException e) {
            tally.failed(name, "cannot read the file: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** PUTs one file to its pre-signed URL; the ticket to confirm when it went through. */
    private Optional<String> send(Wire.Upload offer, LocalFile file) {
        try {
            transfers.upload(offer.upload(), file.path());
            return Optional.of(offer.ticket());
        } catch (IOException e) {
            tally.failed(file.name(), "upload failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.failed(file.name(), "interrupted");
        }
        return Optional.empty();
    }

    /** A confirm the server failed with 5xx fails its files, not the whole upload; any other refusal ends it. */
    private void confirm(String deck, List<String> tickets, Map<String, String> nameOfTicket) {
        Wire.Confirm confirm;
        try {
            confirm = api.confirm(deck, tickets);
        } catch (DeckhandApiException e) {
            if (e.status() < 500) {
                throw e;
            }
            tickets.forEach(ticket -> tally.failed(nameOfTicket.get(ticket), "confirm failed: " + e.getMessage()));
            return;
        }
        confirm.stored().forEach(file -> tally.stored(new StoredFile(file.name(), file.sha256(), file.size(), file.contentType())));
        confirm.refused().forEach(refusal ->
                tally.refused(nameOfTicket.getOrDefault(refusal.ticket(), "ticket " + refusal.ticket()), refusal.reason()));
    }

    /** What became of each file; written to by the workers. */
    private static final class UploadTally {
        private final List<String> present = new ArrayList<>();
        private final List<StoredFile> stored = new ArrayList<>();
        private final List<RefusedFile> refused = new ArrayList<>();
        private final List<FailedFile> failed = new ArrayList<>();

        synchronized void present(List<String> names) {
            present.addAll(names);
        }

        synchronized void stored(StoredFile file) {
            stored.add(file);
        }

        synchronized void refused(String name, String reason) {
            refused.add(new RefusedFile(name, reason));
        }

        synchronized void failed(String name, String error) {
            failed.add(new FailedFile(name, error));
        }

        synchronized UploadReport report() {
            present.sort(Comparator.naturalOrder());
            stored.sort(Comparator.comparing(StoredFile::name));
            refused.sort(Comparator.comparing(RefusedFile::name));
            failed.sort(Comparator.comparing(FailedFile::name));
            return new UploadReport(present, stored, refused, failed);
        }
    }
}
