package dev.chaoskv.kvnode.wal;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalTest {
    @TempDir
    Path dir;
    private final List<String> logLines = new ArrayList<>();

    private static Entry put(long term, long lsn) {
        return new Entry(term, lsn, EntryType.PUT, ("key" + lsn).getBytes(StandardCharsets.UTF_8),
                ("value-" + lsn).repeat(3).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Entry> puts(long term, long from, long to) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) out.add(put(term, i));
        return out;
    }

    private Wal open(long segmentBytes) throws IOException {
        return Wal.open(dir, FsyncMode.ALWAYS, segmentBytes, logLines::add, 0, 0);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
    }

    @Test
    void recordsSurviveReopenAcrossSegments() throws IOException {
        try (Wal w = open(1024)) {
            for (int b = 0; b < 10; b++) {
                w.append(puts(b < 5 ? 1 : 2, b * 10L + 1, b * 10L + 10));
                w.sync();
            }
            assertTrue(w.segmentCount() > 3, "small segments roll over");
        }
        try (Wal w = open(1024)) {
            assertEquals(100, w.lastLsn());
            assertEquals(2, w.lastTerm());
            assertEquals(1, w.termAt(50));
            assertEquals(2, w.termAt(51));
            List<Entry> got = w.read(37, 64, Long.MAX_VALUE);
            assertEquals(28, got.size());
            for (int i = 0; i < got.size(); i++) {
                Entry e = got.get(i);
                assertEquals(37 + i, e.lsn());
                assertArrayEquals(put(e.term(), e.lsn()).value(), e.value());
            }
        }
    }

    @Test
    void readStopsAtTheByteBudgetButReturnsAtLeastOneEntry() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 50));
            assertEquals(1, w.read(10, 50, 1).size());
            List<Entry> some = w.read(10, 50, 200);
            assertTrue(some.size() > 1 && some.size() < 41, "budget limits the batch: " + some.size());
        }
    }

    @Test
    void groupCommitIsOneFsyncPerBatch() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 100));
            w.sync();
            w.append(puts(1, 101, 200));
            w.sync();
            w.sync(); // nothing new: no fsync
            assertEquals(200, w.appendedCount());
            assertEquals(2, w.fsyncCount());
        }
    }

    @Test
    void tornTailIsTruncatedWithOneLogLine() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 10));
            w.sync();
        }
        Path seg = segments().get(0);
        long goodSize = Files.size(seg);
        // A crash in the middle of writing record 11: its header and half its body.
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer partial = ByteBuffer.allocate(20).putInt(60).putInt(0x12345678).put(new byte[12]);
            partial.flip();
            ch.write(partial);
        }
        try (Wal w = open(1 << 20)) {
            assertEquals(10, w.lastLsn());
            w.append(puts(1, 11, 12));
            w.sync();
        }
        assertEquals(1, logLines.stream().filter(l -> l.contains("dropped torn tail")).count(), logLines.toString());
        String line = logLines.stream().filter(l -> l.contains("dropped torn tail")).findFirst().orElseThrow();
        assertTrue(line.contains("20 bytes from offset " + goodSize), line);
        try (Wal w = open(1 << 20)) {
            assertEquals(12, w.lastLsn());
            assertEquals(12, w.read(1, 12, Long.MAX_VALUE).size());
        }
    }

    @Test
    void corruptLastRecordWithNothingAfterItIsATail() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 5));
            w.sync();
        }
        Path seg = segments().get(0);
        flipByte(seg, Files.size(seg) - 3);
        try (Wal w = open(1 << 20)) {
            assertEquals(4, w.lastLsn());
        }
        assertTrue(logLines.stream().anyMatch(l -> l.contains("CRC32C mismatch")), logLines.toString());
    }

    @Test
    void corruptionBeforeTheTailRefusesToStartNamingFileAndOffset() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 2));
            w.sync();
        }
        long offsetOfThird = Files.size(segments().get(0)); // a closed WAL keeps no zeros after its records
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 3, 10));
            w.sync();
        }
        Path seg = segments().get(0);
        flipByte(seg, offsetOfThird + 12);
        long sizeBefore = Files.size(seg);
        WalCorruptException e = assertThrows(WalCorruptException.class, () -> open(1 << 20));
        assertTrue(e.getMessage().contains(seg.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + offsetOfThird), e.getMessage());
        assertEquals(sizeBefore, Files.size(seg), "nothing was truncated");
    }

    @Test
    void corruptionInAnEarlierSegmentIsNeverTreatedAsATail() throws IOException {
        try (Wal w = open(512)) {
            for (int i = 1; i <= 30; i++) {
                w.append(List.of(put(1, i)));
                w.sync();
            }
        }
        List<Path> segs = segments();
        assertTrue(segs.size() >= 2);
        Path first = segs.get(0);
        flipByte(first, Files.size(first) - 2);
        assertThrows(WalCorruptException.class, () -> open(512));
    }

    @Test
    void truncateAfterRemovesTheConflictingSuffixDurably() throws IOException {
        try (Wal w = open(600)) {
            w.append(puts(1, 1, 40));
            w.sync();
            w.truncateAfter(17);
            assertEquals(17, w.lastLsn());
            w.append(puts(3, 18, 20));
            w.sync();
        }
        try (Wal w = open(600)) {
            assertEquals(20, w.lastLsn());
            assertEquals(1, w.termAt(17));
            assertEquals(3, w.termAt(18));
            assertEquals(3, w.read(18, 18, Long.MAX_VALUE).get(0).term());
        }
    }

    @Test
    void readsFromTheInMemoryTailAgreeWithTheFileAcrossTruncation() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 30));
            w.truncateAfter(20);
            w.append(puts(2, 21, 25));
            w.sync();
            List<Entry> cached = w.read(15, 25, Long.MAX_VALUE);
            assertEquals(11, cached.size());
            assertEquals(1, cached.get(5).term());
            assertEquals(2, cached.get(6).term());
        }
        try (Wal w = open(1 << 20)) {
            List<Entry> fromFile = w.read(15, 25, Long.MAX_VALUE);
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L), fromFile.stream().map(Entry::term).toList());
            assertEquals(25, w.lastLsn());
        }
    }

    @Test
    void tailCacheEvictsByCountAndBytesAndRestartsOnAGap() {
        TailCache c = new TailCache(4, 1 << 20);
        for (long i = 1; i <= 6; i++) c.add(put(1, i));
        assertTrue(!c.covers(2) && c.covers(3) && c.covers(6), "keeps the newest four");
        c.add(put(1, 9));
        assertTrue(!c.covers(6) && c.covers(9), "a gap restarts the cache");
        TailCache small = new TailCache(16, put(1, 1).encodedSize() * 2L);
        for (long i = 1; i <= 5; i++) small.add(put(1, i));
        assertTrue(!small.covers(3) && small.covers(4) && small.covers(5), "bounded by bytes");
        small.truncateAfter(4);
        assertTrue(small.covers(4) && !small.covers(5));
    }

    @Test
    void appendMustContinueTheLog() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 3));
            assertThrows(IllegalStateException.class, () -> w.append(List.of(put(1, 5))));
        }
    }

    /** What a crash (kill -9, power loss) leaves of the WAL in {@link #dir}: the files as they are, copied while it is open. */
    private Path crashImage(Path to) throws IOException {
        Files.createDirectories(to);
        for (Path p : segments()) Files.copy(p, to.resolve(p.getFileName()));
        return to;
    }

    @Test
    void zerosAreWrittenAheadOfTheRecordsAndACrashLeavesThemAsUnusedSpace() throws IOException {
        Path image;
        long recordsEnd;
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 10));
            w.sync();
            Path seg = segments().get(0);
            assertTrue(Files.size(seg) >= 4096, "the active segment is extended ahead of its records: " + Files.size(seg));
            image = crashImage(dir.resolve("crash-image"));
        }
        recordsEnd = Files.size(segments().get(0));
        assertTrue(recordsEnd < Files.size(image.resolve(segments().get(0).getFileName())), "close cut the zeros off");
        try (Wal w = Wal.open(image, FsyncMode.ALWAYS, 1 << 20, logLines::add, 0, 0)) {
            assertEquals(10, w.lastLsn());
            w.append(puts(1, 11, 12));
            w.sync();
        }
        assertTrue(logLines.stream().noneMatch(l -> l.contains("torn") || l.contains("RECOVERY")), logLines.toString());
        try (Wal w = Wal.open(image, FsyncMode.ALWAYS, 1 << 20, logLines::add, 0, 0)) {
            assertEquals(12, w.lastLsn());
            assertEquals(12, w.read(1, 12, Long.MAX_VALUE).size());
        }
    }

    @Test
    void aRecordCutShortBeforeTheZerosIsATornTail() throws IOException {
        Path image;
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 10));
            w.sync();
            image = crashImage(dir.resolve("crash-image"));
        }
        long goodSize = Files.size(segments().get(0));
        Path seg = image.resolve(segments().get(0).getFileName());
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(20).putInt(60).putInt(0x12345678).put(new byte[12]).flip(), goodSize);
        }
        try (Wal w = Wal.open(image, FsyncMode.ALWAYS, 1 << 20, logLines::add, 0, 0)) {
            assertEquals(10, w.lastLsn());
        }
        String line = logLines.stream().filter(l -> l.contains("dropped torn tail")).findFirst().orElseThrow(() -> new AssertionError(logLines));
        assertTrue(line.contains("from offset " + goodSize), line);
    }

    @Test
    void zerosWithARecordAfterThemAreCorruptionNotUnusedSpace() throws IOException {
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 1, 2));
            w.sync();
        }
        long offsetOfThird = Files.size(segments().get(0));
        try (Wal w = open(1 << 20)) {
            w.append(puts(1, 3, 10));
            w.sync();
        }
        Path seg = segments().get(0);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(40), offsetOfThird); // record 3's header and part of its body zeroed
        }
        WalCorruptException e = assertThrows(WalCorruptException.class, () -> open(1 << 20));
        assertTrue(e.getMessage().contains("offset " + offsetOfThird), e.getMessage());
        assertTrue(e.getMessage().contains("a valid record follows"), e.getMessage());
    }

    @Test
    void onlyTheLastSegmentEverEndsInZeros() throws IOException {
        Path image;
        try (Wal w = open(1024)) {
            for (int b = 0; b < 10; b++) {
                w.append(puts(1, b * 10L + 1, b * 10L + 10));
                w.sync();
            }
            assertTrue(w.segmentCount() > 3, "small segments roll over");
            image = crashImage(dir.resolve("crash-image"));
        }
        try (Wal w = Wal.open(image, FsyncMode.ALWAYS, 1024, logLines::add, 0, 0)) {
            assertEquals(100, w.lastLsn(), "every rolled segment was cut to its records, so recovery reads them all");
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.flip();
            byte v = b.get();
            ch.write(ByteBuffer.wrap(new byte[]{(byte) (v ^ 0x5a)}), offset);
        }
    }
}
