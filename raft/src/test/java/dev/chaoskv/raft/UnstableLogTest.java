package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import dev.chaoskv.raft.log.TermRuns;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnstableLogTest {
    /** What the driver wrote: LSN {@code i + 1} at index {@code i}. */
    private final List<Entry> disk = new ArrayList<>();
    private final TermRuns terms = new TermRuns(0, 0);
    private final UnstableLog log = new UnstableLog(terms, (from, to, max) -> new ArrayList<>(disk.subList((int) from - 1, (int) to)));

    private static Entry put(long term, long lsn, String value) {
        return new Entry(term, lsn, EntryType.PUT, "k".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** The driver writes what a Ready hands out and reports it durable. */
    private void writeReady() {
        long cut = log.takeTruncate();
        if (cut >= 0) disk.subList((int) cut, disk.size()).clear();
        List<Entry> es = log.takeToWrite();
        disk.addAll(es);
        if (!es.isEmpty()) log.persisted(es.get(es.size() - 1).lsn());
    }

    private static List<String> values(List<Entry> es) {
        return es.stream().map(e -> new String(e.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void eachReadyHandsOutWhatWasAppendedSinceTheLastOne() {
        log.append(List.of(put(1, 1, "a"), put(1, 2, "b")));
        assertEquals(2, terms.lastLsn(), "the terms grow with the log");
        assertEquals(List.of("a", "b"), values(log.takeToWrite()));
        assertEquals(List.of(), log.takeToWrite());
        log.append(List.of(put(1, 3, "c")));
        assertEquals(List.of("c"), values(log.takeToWrite()));
        assertEquals(0, log.persistedLsn(), "handed out is not durable");
    }

    @Test
    void persistedMovesTheDurableLsnOnce() {
        log.append(List.of(put(1, 1, "a"), put(1, 2, "b")));
        writeReady();
        assertEquals(2, log.persistedLsn());
        assertFalse(log.persisted(2), "reported twice: nothing changes, the commit cannot move");
        assertEquals(List.of("a", "b"), values(log.read(1, 2, 1 << 20)), "now read back from the store");
    }

    @Test
    void truncatingWrittenEntriesAsksTheDriverToCutThem() {
        log.append(List.of(put(1, 1, "a"), put(1, 2, "b"), put(1, 3, "c")));
        writeReady();
        log.truncateAfter(1);
        assertEquals(1, log.persistedLsn());
        assertEquals(1, terms.lastLsn());
        log.append(List.of(put(2, 2, "B")));
        writeReady();
        assertEquals(List.of("a", "B"), values(disk));
        assertEquals(-1, log.takeTruncate(), "cut once");
    }

    @Test
    void truncatingEntriesNotYetHandedOutNeedsNoCut() {
        log.append(List.of(put(1, 1, "a")));
        writeReady();
        log.append(List.of(put(1, 2, "b"), put(1, 3, "c")));
        log.truncateAfter(2);
        assertEquals(-1, log.takeTruncate());
        assertEquals(List.of("b"), values(log.takeToWrite()));
    }

    /**
     * A pipelined driver reports a Ready durable after a later input truncated part of it: only
     * the part before the truncation is durable, not the replacement handed out later.
     */
    @Test
    void aLateReportDoesNotCoverEntriesItsReadyNoLongerHolds() {
        log.append(List.of(put(1, 1, "a"), put(1, 2, "b"), put(1, 3, "c")));
        List<Entry> first = log.takeToWrite();
        log.truncateAfter(1);
        log.append(List.of(put(2, 2, "B")));
        assertTrue(log.persisted(first.get(first.size() - 1).lsn()));
        assertEquals(1, log.persistedLsn(), "LSN 2 of that Ready was replaced");
        assertEquals(List.of("B"), values(log.takeToWrite()), "the replacement still has to be written");
    }

    @Test
    void readsTheStoreThenTheUnstableTailUpToALimit() {
        log.append(List.of(put(1, 1, "a"), put(1, 2, "b")));
        writeReady();
        log.append(List.of(put(1, 3, "c"), put(1, 4, "d")));
        assertEquals(List.of("a", "b", "c", "d"), values(log.read(1, 4, 1 << 20)));
        assertEquals(List.of("b", "c"), values(log.read(2, 3, 1 << 20)));
        assertEquals(List.of("c"), values(log.read(3, 4, 1)), "at least one entry, even over the limit");
    }

    @Test
    void anInstalledSnapshotReplacesTheLog() {
        log.append(List.of(put(1, 1, "a"), put(1, 2, "b")));
        log.takeToWrite();
        log.truncateAfter(0);
        log.resetTo(10, 3);
        assertEquals(10, log.persistedLsn());
        assertEquals(10, terms.lastLsn());
        assertEquals(3, terms.termAt(10));
        assertEquals(-1, log.takeTruncate(), "the driver replaced its log with the snapshot");
        assertEquals(List.of(), log.takeToWrite());
    }
}
