package dev.chaoskv.kvnode.wal;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every single-bit flip of every byte of a small three-segment WAL, opened with a commit hint:
 * each must end in a refusal that names the damaged file and the offset of the damaged record,
 * or in a logged drop of records above the hint only. Nothing at or below the hint may ever
 * disappear or change silently.
 */
class WalBitFlipTest {
    private static final int RECORDS = 15;
    private static final long SEGMENT_BYTES = 300;

    @TempDir
    Path tmp;

    private static Entry record(long lsn) {
        byte[] key = ("key-" + lsn).getBytes(StandardCharsets.UTF_8);
        byte[] value = ("value-" + lsn).repeat(2).getBytes(StandardCharsets.UTF_8);
        return new Entry(lsn <= 8 ? 1 : 2, lsn, lsn % 5 == 0 ? EntryType.DELETE : EntryType.PUT, key, value);
    }

    /** The pristine segment files by name. */
    private Map<String, byte[]> writePristine() throws IOException {
        Path dir = tmp.resolve("pristine");
        try (Wal w = Wal.open(dir, FsyncMode.ALWAYS, SEGMENT_BYTES, s -> { }, 0, 0)) {
            for (long lsn = 1; lsn <= RECORDS; lsn++) {
                w.append(List.of(record(lsn)));
                w.sync();
            }
            assertEquals(3, w.segmentCount(), "the test wants three segments");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return files;
    }

    /** Start offset of the record that holds each byte of a segment. */
    private static int[] recordStarts(byte[] segment) {
        int[] start = new int[segment.length];
        int pos = 0;
        while (pos < segment.length) {
            int len = ByteBuffer.wrap(segment, pos, 4).getInt();
            int end = pos + RecordReader.RECORD_HEADER + len;
            Arrays.fill(start, pos, end, pos);
            pos = end;
        }
        return start;
    }

    @Test
    void noFlippedBitLosesARecordAtOrBelowTheCommitHintSilently() throws IOException {
        Map<String, byte[]> pristine = writePristine();
        List<String> failures = new ArrayList<>();
        int cases = 0, refused = 0, dropped = 0;
        Path dir = tmp.resolve("damaged");
        Files.createDirectories(dir);
        restore(dir, pristine, null);
        for (long hint : new long[]{RECORDS - 3, RECORDS}) {
            for (Map.Entry<String, byte[]> damaged : pristine.entrySet()) {
                int[] starts = recordStarts(damaged.getValue());
                for (int offset = 0; offset < damaged.getValue().length; offset++) {
                    for (int bit = 0; bit < 8; bit++) {
                        cases++;
                        byte[] flipped = {(byte) (damaged.getValue()[offset] ^ (1 << bit))};
                        writeAt(dir.resolve(damaged.getKey()), offset, flipped);
                        String where = damaged.getKey() + " byte " + offset + " bit " + bit + " (hint " + hint + "): ";
                        List<String> logged = new ArrayList<>();
                        try (Wal w = Wal.open(dir, FsyncMode.NEVER, SEGMENT_BYTES, logged::add, 0, 0,
                                new WalRecoveryRules(hint, false))) {
                            String problem = checkOpened(w, hint, logged);
                            if (problem != null) failures.add(where + problem);
                            else if (w.lastLsn() < RECORDS) dropped++;
                        } catch (WalCorruptException e) {
                            refused++;
                            String m = e.getMessage();
                            if (!m.contains(dir.resolve(damaged.getKey()).toString()) || !m.contains("offset " + starts[offset] + ":")) {
                                failures.add(where + "refusal does not name the file and offset " + starts[offset] + ": " + m);
                            }
                        } catch (IOException | RuntimeException e) {
                            failures.add(where + "unexpected " + e);
                        }
                        restore(dir, pristine, damaged.getKey());
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " flips went wrong, e.g.:\n"
                + String.join("\n", failures.subList(0, failures.size())));
        assertTrue(refused > 0 && dropped > 0, "both outcomes occur: refused " + refused + ", dropped " + dropped);
    }

    /** Null if the opened WAL kept every record up to the hint unchanged and logged any drop above it. */
    private static String checkOpened(Wal w, long hint, List<String> logged) throws IOException {
        long last = w.lastLsn();
        if (last < hint) return "records " + (last + 1) + ".." + hint + " at or below the commit hint were dropped; log: " + logged;
        List<Entry> kept = w.read(1, last, Long.MAX_VALUE);
        for (int i = 0; i < kept.size(); i++) {
            Entry want = record(i + 1), got = kept.get(i);
            if (got.term() != want.term() || got.lsn() != want.lsn() || got.type() != want.type()
                    || !Arrays.equals(got.key(), want.key()) || !Arrays.equals(got.value(), want.value())) {
                return "record " + (i + 1) + " came back changed: " + got;
            }
        }
        if (last < RECORDS && logged.stream().noneMatch(l -> l.contains("dropped") && l.contains("LSN " + (last + 1)))) {
            return "records after LSN " + last + " were dropped without a log line naming LSN " + (last + 1) + ": " + logged;
        }
        return null;
    }

    /**
     * Puts back the damaged file and any file recovery truncated or deleted. Recovery only ever
     * shortens or deletes, so writing the pristine bytes over what is there restores a file
     * (rewriting every file from scratch makes the test ten times slower).
     */
    private static void restore(Path dir, Map<String, byte[]> pristine, String damaged) throws IOException {
        for (Map.Entry<String, byte[]> f : pristine.entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (f.getKey().equals(damaged) || !Files.exists(p) || Files.size(p) != f.getValue().length) writeAt(p, 0, f.getValue());
        }
    }

    private static void writeAt(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b, offset + b.position());
        }
    }
}
