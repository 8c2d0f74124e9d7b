package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.wal.FsyncMode;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.kvnode.wal.WalCorruptException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** Entries of term 1, and the term and vote a node that wrote them had persisted. */
    private void writeWal(long from, long to) throws IOException {
        Files.createDirectories(storage().dataDir());
        if (!Files.exists(storage().dataDir().resolve("raft-state"))) new HardStateFile(storage().dataDir()).save(new Ready.HardState(1, null));
        List<Entry> entries = new ArrayList<>();
        for (long i = from; i <= to; i++) entries.add(new Entry(1, i, EntryType.PUT, b("k" + i), b("v" + i)));
        try (Wal w = Wal.open(storage().walDir(), FsyncMode.ALWAYS, 64L << 20, s -> { }, from - 1, from > 1 ? 1 : 0)) {
            w.append(entries);
            w.sync();
        }
    }

    private Recovery.Recovered recover() throws IOException {
        return Recovery.recover(storage(), log);
    }

    private Recovery.Recovered recoverWithFlag() throws IOException {
        NodeConfig.Storage s = storage();
        return Recovery.recover(new NodeConfig.Storage(s.dataDir(), s.fsync(), s.walSegmentBytes(), true), log);
    }

    private static void xorByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x01;
        Files.write(file, b);
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
    void aCommitHintBeyondTheLogIsRefusedUnlessTheRecoveryFlagIsGiven() throws IOException {
        writeWal(1, 5);
        new CommitHintFile(storage().dataDir()).maybeSave(9);
        WalCorruptException e = assertThrows(WalCorruptException.class, this::recover);
        assertTrue(e.getMessage().contains(storage().walDir() + ": the log ends at LSN 5 but LSN 9 is known to be committed"), e.getMessage());
        Recovery.Recovered r = recoverWithFlag();
        try (Wal wal = r.wal()) {
            assertTrue(logged().contains("up to committed LSN 5 (5 keys)"), logged());
            assertTrue(r.catchUp().required(), "the node must catch up before it votes");
        }
        assertTrue(Files.exists(storage().dataDir().resolve(CatchUpMarker.FILE_NAME)));
        try (Wal wal = recoverWithFlag().wal()) {
            assertTrue(new CatchUpMarker(storage().dataDir()).required(), "and still after a restart");
        }
    }

    @Test
    void aLogThatLostNothingNeedsNoCatchUp() throws IOException {
        writeWal(1, 5);
        new CommitHintFile(storage().dataDir()).maybeSave(5);
        try (Wal wal = recoverWithFlag().wal()) {
            assertFalse(new CatchUpMarker(storage().dataDir()).required());
        }
    }

    @Test
    void aDeletedRaftStateWithEntriesOfATermIsRefusedNamingTheFile() throws IOException {
        writeWal(1, 3);
        Path raftState = storage().dataDir().resolve("raft-state");
        Files.delete(raftState);
        StartRefusedException e = assertThrows(StartRefusedException.class, this::recover);
        assertTrue(e.getMessage().startsWith(raftState + ": missing, but the log holds entries up to term 1"), e.getMessage());
    }

    @Test
    void aDamagedRaftStateIsRefusedNamingTheFile() throws IOException {
        writeWal(1, 3);
        Path raftState = storage().dataDir().resolve("raft-state");
        xorByte(raftState, 6);
        StartRefusedException e = assertThrows(StartRefusedException.class, this::recover);
        assertEquals(raftState + ": checksum mismatch", e.getMessage());
    }

    @Test
    void aDamagedSnapshotIsNamedAsTheSnapshotNotBlamedOnTheWal() throws IOException {
        // The WAL was compacted behind the snapshot: it starts at LSN 5.
        writeWal(5, 6);
        Path snap = SnapshotFile.write(storage().snapshotDir(), 4, 1, Map.of("from-snapshot", b("s")));
        xorByte(snap, Files.size(snap) - 6);
        StartRefusedException e = assertThrows(StartRefusedException.class, this::recover);
        assertEquals("damaged snapshot " + snap + ": CRC32C mismatch", e.getMessage());
    }

    @Test
    void aDataDirThatCannotBeCreatedIsNamedWithTheReason() throws IOException {
        Path file = Files.createFile(dir.resolve("a-file"));
        NodeConfig.Storage s = new NodeConfig.Storage(file.resolve("data"), FsyncMode.ALWAYS, 64L << 20);
        StartRefusedException e = assertThrows(StartRefusedException.class, () -> Recovery.recover(s, log));
        assertTrue(e.getMessage().startsWith("cannot create " + file), e.getMessage());
        assertTrue(e.getMessage().endsWith(": Not a directory") || e.getMessage().endsWith(": exists and is not a directory"), e.getMessage());
    }

    @Test
    void theDataDirLockAdmitsOneHolderAtATime() throws IOException {
        Files.createDirectories(storage().dataDir());
        try (DataDirLock first = DataDirLock.acquire(storage().dataDir())) {
            StartRefusedException e = assertThrows(StartRefusedException.class, () -> DataDirLock.acquire(storage().dataDir()));
            assertEquals(storage().dataDir() + ": in use by another kvnode (pid " + ProcessHandle.current().pid() + " holds "
                    + storage().dataDir().resolve("LOCK") + ")", e.getMessage());
        }
        DataDirLock.acquire(storage().dataDir()).close();
    }

    @Test
    void theNewestSnapshotIsLoadedAndTheLogAfterItReplayed() throws IOException {
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
