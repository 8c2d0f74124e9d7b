package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.wal.FsyncMode;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final NodeLog log = new NodeLog("n1", new PrintStream(out, true, StandardCharsets.UTF_8));

    private NodeConfig.Storage storage() {
        return new NodeConfig.Storage(dir.resolve("data"), FsyncMode.ALWAYS, 64L << 20);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void writeWal(long from, long to) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (long i = from; i <= to; i++) entries.add(new Entry(1, i, EntryType.PUT, b("k" + i), b("v" + i)));
        try (Wal w = Wal.open(storage().walDir(), FsyncMode.ALWAYS, s -> { })) {
            w.append(entries);
            w.sync();
        }
    }

    private Recovery.Recovered recover() throws IOException {
        return Recovery.recover(storage(), log);
    }

    private String logged() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyDirectoryStartsEmpty() throws IOException {
        Recovery.Recovered r = recover();
        try (Wal wal = r.wal()) {
            assertTrue(Files.isDirectory(storage().dataDir()));
            assertEquals(0, r.state().appliedLsn());
            assertEquals(0, r.state().size());
            assertEquals(0, r.hardState().term());
            assertNull(r.hardState().votedFor());
            assertEquals(0, r.snapshotLsn());
            assertEquals(0, wal.lastLsn());
            assertFalse(logged().contains("[wal] rebuilt state"), logged());
        }
    }

    @Test
    void theStateIsRebuiltUpToTheCommitHintOnly() throws IOException {
        Files.createDirectories(storage().dataDir());
        writeWal(1, 5);
        new CommitHintFile(storage().dataDir()).maybeSave(3);
        new HardStateFile(storage().dataDir()).save(new Ready.HardState(4, "n2"));
        Recovery.Recovered r = recover();
        try (Wal wal = r.wal()) {
            assertEquals(5, wal.lastLsn(), "uncommitted entries stay in the log");
            assertEquals(3, r.state().appliedLsn());
            assertEquals(3, r.state().size());
            assertNull(r.state().get("k4"));
            assertEquals(new Ready.HardState(4, "n2"), r.hardState());
            assertTrue(logged().contains("[wal] rebuilt state from the WAL up to committed LSN 3 (3 keys)"), logged());
        }
    }

    @Test
    void aCommitHintBeyondTheLogStopsAtItsEnd() throws IOException {
        Files.createDirectories(storage().dataDir());
        writeWal(1, 5);
        new CommitHintFile(storage().dataDir()).maybeSave(9);
        try (Wal wal = recover().wal()) {
            assertTrue(logged().contains("up to committed LSN 5 (5 keys)"), logged());
        }
    }

    @Test
    void theNewestSnapshotIsLoadedAndTheLogAfterItReplayed() throws IOException {
        Files.createDirectories(storage().dataDir());
        writeWal(1, 6);
        SnapshotFile.write(storage().snapshotDir(), 4, 1, Map.of("from-snapshot", b("s")));
        new CommitHintFile(storage().dataDir()).maybeSave(6);
        Recovery.Recovered r = recover();
        try (Wal wal = r.wal()) {
            assertEquals(4, r.snapshotLsn());
            assertEquals(6, r.state().appliedLsn());
            assertArrayEquals(b("s"), r.state().get("from-snapshot"));
            assertNull(r.state().get("k4"), "entries up to the snapshot come from the snapshot");
            assertArrayEquals(b("v5"), r.state().get("k5"));
            assertArrayEquals(b("v6"), r.state().get("k6"));
            assertTrue(logged().contains("[snapshot] loaded snapshot at LSN 4 (term 1, 1 keys)"), logged());
        }
    }
}
