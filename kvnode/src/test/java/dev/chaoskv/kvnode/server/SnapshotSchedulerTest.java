package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.wal.FsyncMode;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotSchedulerTest {
    private static final int RECORDS = 100;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final NodeLog log = new NodeLog("n1", new PrintStream(out, true, StandardCharsets.UTF_8));
    private final LinkedBlockingQueue<NodeEvent> inbox = new LinkedBlockingQueue<>();
    private final KvState state = new KvState();
    private Wal wal;
    private RaftCore core;
    private SnapshotScheduler scheduler;

    /** A node that has applied RECORDS writes, kept in small WAL segments; snapshots every 30 records, keeping 20. */
    @BeforeEach
    void setUp() throws IOException {
        wal = Wal.open(dir.resolve("wal"), FsyncMode.ALWAYS, 1024, s -> { }, 0, 0);
        for (int batch = 0; batch < RECORDS / 5; batch++) {
            List<Entry> entries = new ArrayList<>();
            for (int i = batch * 5 + 1; i <= batch * 5 + 5; i++) {
                entries.add(new Entry(1, i, EntryType.PUT, ("k" + i % 10).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            wal.append(entries);
            wal.sync();
        }
        NodeConfig cfg = TestConfigs.node(dir, 2, 0, NodeConfig.Unsafe.NONE);
        core = new RaftCore(KvNode.raftConfig(cfg), wal::read, wal.terms().copy(), new Ready.HardState(1, null), RECORDS, 1);
        scheduler = new SnapshotScheduler(new NodeConfig.Snapshots(30, 20), dir.resolve("snapshot"), wal, core, 0, log, inbox::add);
    }

    @AfterEach
    void tearDown() throws IOException {
        scheduler.close();
        wal.close();
    }

    private void applyUpTo(long lsn) throws IOException {
        for (Entry e : wal.read(state.appliedLsn() + 1, lsn, Long.MAX_VALUE)) state.apply(e);
    }

    private NodeEvent.SnapshotWritten awaitWritten() throws InterruptedException {
        NodeEvent e = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "the writer reports back");
        return assertInstanceOf(NodeEvent.SnapshotWritten.class, e);
    }

    private String logged() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noSnapshotBeforeEnoughRecordsWereApplied() throws Exception {
        applyUpTo(29);
        scheduler.maybeTake(state);
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS));
        assertTrue(SnapshotFile.list(dir.resolve("snapshot")).isEmpty());
    }

    @Test
    void aSnapshotIsWrittenInTheBackgroundThenTheWalCompactedBehindIt() throws Exception {
        applyUpTo(RECORDS);
        scheduler.maybeTake(state);
        NodeEvent.SnapshotWritten w = awaitWritten();
        assertEquals(RECORDS, w.lsn());
        assertEquals(1, w.term());
        assertEquals(10, w.keys());
        assertEquals(1, SnapshotFile.list(dir.resolve("snapshot")).size());
        assertEquals(0, scheduler.lastSnapshotLsn(), "not taken into account before the loop hears of it");

        long before = wal.firstLsn();
        scheduler.written(w);
        assertEquals(RECORDS, scheduler.lastSnapshotLsn());
        assertTrue(wal.firstLsn() > before && wal.firstLsn() <= RECORDS - 20 + 1, "compacted to at most the retained records: " + wal.firstLsn());
        assertEquals(wal.firstLsn(), core.firstLsn(), "the core forgets the deleted entries too");
        assertTrue(logged().contains("[snapshot] wrote snapshot at LSN 100 (10 keys) in "), logged());
        assertTrue(logged().contains("(compacted from LSN 1)"), logged());
    }

    @Test
    void oneSnapshotAtATimeAndTheNextAfterAnotherIntervalOfRecords() throws Exception {
        applyUpTo(40);
        scheduler.maybeTake(state);
        scheduler.maybeTake(state);
        NodeEvent.SnapshotWritten w = awaitWritten();
        assertEquals(40, w.lsn());
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS), "no second writer while the first was busy");
        scheduler.written(w);
        applyUpTo(69);
        scheduler.maybeTake(state);
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS), "29 records since the last snapshot");
        applyUpTo(70);
        scheduler.maybeTake(state);
        assertEquals(70, awaitWritten().lsn());
    }

    @Test
    void afterALargeSnapshotTheNextWaitsForAsManyRecordsAsItHeldKeys() throws Exception {
        KvState unique = new KvState();
        for (long lsn = 1; lsn <= 60; lsn++) {
            unique.apply(new Entry(1, lsn, EntryType.PUT, ("u" + lsn).getBytes(StandardCharsets.UTF_8), new byte[]{1}));
        }
        scheduler.maybeTake(unique);
        NodeEvent.SnapshotWritten w = awaitWritten();
        assertEquals(60, w.keys());
        scheduler.written(w);
        assertEquals(120, scheduler.nextSnapshotAfter(), "60 keys written for this snapshot: 60 more records before the next, not 30");
        assertTrue(logged().contains("; the next one is due at LSN 120"), logged());
        for (long lsn = 61; lsn <= 119; lsn++) {
            unique.apply(new Entry(1, lsn, EntryType.PUT, ("u" + lsn).getBytes(StandardCharsets.UTF_8), new byte[]{1}));
        }
        scheduler.maybeTake(unique);
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS), "59 records since a snapshot of 60 keys");
        unique.apply(new Entry(1, 120, EntryType.PUT, "u120".getBytes(StandardCharsets.UTF_8), new byte[]{1}));
        scheduler.maybeTake(unique);
        NodeEvent.SnapshotWritten next = awaitWritten();
        assertEquals(120, next.lsn());
        assertEquals(120, SnapshotFile.read(SnapshotFile.pathFor(dir.resolve("snapshot"), 120)).data().size());
    }

    @Test
    void aFailedWriteIsReportedAndAllowsTheNextAttempt() throws Exception {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the snapshot directory should be");
        SnapshotScheduler broken = new SnapshotScheduler(new NodeConfig.Snapshots(30, 20), blocked, wal, core, 0, log, inbox::add);
        try {
            applyUpTo(RECORDS);
            broken.maybeTake(state);
            NodeEvent.SnapshotWritten w = awaitWritten();
            assertEquals(-1, w.lsn());
            assertTrue(logged().contains("[snapshot] writing snapshot at LSN 100 failed: "), logged());
            broken.written(w);
            assertEquals(0, broken.lastSnapshotLsn());
            broken.maybeTake(state);
            assertEquals(-1, awaitWritten().lsn(), "tries again");
        } finally {
            broken.close();
        }
    }

    @Test
    void afterCloseNoSnapshotIsStarted() throws Exception {
        applyUpTo(RECORDS);
        scheduler.close();
        scheduler.maybeTake(state);
        assertNull(inbox.poll(200, TimeUnit.MILLISECONDS));
    }
}
