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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What opening a damaged WAL drops, refuses and logs, with and without the commit hint and the recovery flag. */
class WalRecoveryTest {
    private static final long SEGMENT = 300;
    @TempDir
    Path dir;
    private final List<String> logLines = new ArrayList<>();

    private static Entry put(long lsn) {
        return new Entry(1, lsn, EntryType.PUT, ("key" + lsn).getBytes(StandardCharsets.UTF_8),
                ("value-" + lsn).repeat(3).getBytes(StandardCharsets.UTF_8));
    }

    /** Records 1..n, one append and sync each, in segments of {@link #SEGMENT} bytes. */
    private void write(int n) throws IOException {
        try (Wal w = open(WalRecoveryRules.STRICT)) {
            for (long lsn = 1; lsn <= n; lsn++) {
                w.append(List.of(put(lsn)));
                w.sync();
            }
        }
    }

    private Wal open(WalRecoveryRules rules) throws IOException {
        return Wal.open(dir, FsyncMode.ALWAYS, SEGMENT, logLines::add, 0, 0, rules);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
    }

    private String logged(String part) {
        return logLines.stream().filter(l -> l.contains(part)).findFirst().orElseThrow(() -> new AssertionError("no log line with '" + part + "': " + logLines));
    }

    private static void xorByte(Path file, long offset, int mask) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            ch.write(ByteBuffer.wrap(new byte[]{(byte) (b.get(0) ^ mask)}), offset);
        }
    }

    @Test
    void aDamagedLengthInTheLastSegmentIsCorruptionWhenValidRecordsFollowIt() throws IOException {
        write(12);
        Path last = segments().get(segments().size() - 1);
        long size = Files.size(last);
        // The high byte of the first record's length: it now claims far more than the file holds,
        // which is what a torn write looks like, but the records after it are intact.
        xorByte(last, 0, 0x01);
        WalCorruptException e = assertThrows(WalCorruptException.class, () -> open(WalRecoveryRules.STRICT));
        assertTrue(e.getMessage().contains(last + " at offset 0: record of "), e.getMessage());
        assertTrue(e.getMessage().contains("a valid record follows at offset "), e.getMessage());
        assertEquals(size, Files.size(last), "nothing was truncated");
    }

    @Test
    void aTornTailAtOrBelowTheCommitHintIsRefused() throws IOException {
        write(5);
        Path seg = segments().get(0);
        xorByte(seg, Files.size(seg) - 3, 0x80);
        WalCorruptException e = assertThrows(WalCorruptException.class, () -> open(new WalRecoveryRules(5, false)));
        assertTrue(e.getMessage().contains("it holds LSN 5, at or below the commit hint 5"), e.getMessage());
        try (Wal w = open(new WalRecoveryRules(4, false))) {
            assertEquals(4, w.lastLsn(), "above the hint the same damage is a torn tail");
            assertFalse(w.cutByRecoveryFlag());
        }
        assertTrue(logged("dropped torn tail").contains("LSN 5 onward, above the commit hint 4"), logLines.toString());
    }

    @Test
    void anEmptyLastSegmentIsLoggedAsADroppedTailAndRemoved() throws IOException {
        write(3);
        Path empty = dir.resolve("wal-00000000000000000004.log");
        Files.createFile(empty);
        try (Wal w = open(new WalRecoveryRules(3, false))) {
            assertEquals(3, w.lastLsn());
            w.append(List.of(put(4)));
            w.sync();
        }
        assertTrue(logged("dropped torn tail of wal-00000000000000000004.log").contains("0 bytes from offset 0 (the segment is empty), LSN 4 onward"),
                logLines.toString());
        try (Wal w = open(WalRecoveryRules.STRICT)) {
            assertEquals(4, w.lastLsn());
        }
    }

    @Test
    void anEmptySegmentThatLosesCommittedRecordsIsRefused() throws IOException {
        write(3);
        Files.createFile(dir.resolve("wal-00000000000000000004.log"));
        WalCorruptException e = assertThrows(WalCorruptException.class, () -> open(new WalRecoveryRules(4, false)));
        assertTrue(e.getMessage().contains("wal-00000000000000000004.log at offset 0: the segment is empty"), e.getMessage());
    }

    @Test
    void aLogEndingBelowTheCommitHintIsRefusedUnlessTheRecoveryFlagIsGiven() throws IOException {
        write(15);
        List<Path> segs = segments();
        assertTrue(segs.size() >= 3, segs.toString());
        Files.delete(segs.get(segs.size() - 1));
        WalCorruptException e = assertThrows(WalCorruptException.class, () -> open(new WalRecoveryRules(15, false)));
        assertTrue(e.getMessage().startsWith(dir + ": the log ends at LSN "), e.getMessage());
        assertTrue(e.getMessage().contains("but LSN 15 is known to be committed"), e.getMessage());
        try (Wal w = open(new WalRecoveryRules(15, true))) {
            assertTrue(w.cutByRecoveryFlag());
            assertTrue(w.lastLsn() < 15);
        }
        assertTrue(logged("RECOVERY FLAG").contains("the log ends at LSN"), logLines.toString());
    }

    @Test
    void theRecoveryFlagCutsTheLogAtTheFirstDamagedRecordAndDeletesLaterSegments() throws IOException {
        write(15);
        List<Path> segs = segments();
        assertTrue(segs.size() >= 3, segs.toString());
        xorByte(segs.get(0), 20, 0x01);
        assertThrows(WalCorruptException.class, () -> open(new WalRecoveryRules(15, false)));
        try (Wal w = open(new WalRecoveryRules(15, true))) {
            assertTrue(w.cutByRecoveryFlag());
            assertEquals(0, w.lastLsn());
            assertEquals(0, w.segmentCount());
            w.append(List.of(put(1)));
            w.sync();
        }
        assertTrue(logged("RECOVERY FLAG: cutting the log at offset 0 of " + segs.get(0).getFileName()).contains("LSN 1 onward"), logLines.toString());
        assertTrue(logged("deleting " + segs.get(1).getFileName()).contains("it follows the damaged record"), logLines.toString());
        assertEquals(List.of(dir.resolve("wal-00000000000000000001.log")), segments());
    }

    @Test
    void truncatingAwayAWholeSegmentRemovesItSoTheNextStartSeesNoEmptySegment() throws IOException {
        try (Wal w = open(WalRecoveryRules.STRICT)) {
            for (long lsn = 1; lsn <= 3; lsn++) w.append(List.of(put(lsn)));
            w.sync();
            w.truncateAfter(0);
            assertEquals(0, w.segmentCount());
        }
        try (Wal w = open(WalRecoveryRules.STRICT)) {
            assertEquals(0, w.lastLsn());
        }
        assertTrue(logLines.stream().noneMatch(l -> l.contains("dropped")), logLines.toString());
    }
}
