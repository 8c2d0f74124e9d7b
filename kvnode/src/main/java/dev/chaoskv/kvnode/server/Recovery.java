package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.state.Snapshot;
import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.raft.log.Entry;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * A node's start from its data directory: the newest snapshot, the WAL that continues it, the
 * persisted term and vote, and the state rebuilt from the WAL up to the last LSN known to be
 * committed (the commit hint), so the node can answer reads before it hears from a leader.
 */
final class Recovery {

    /**
     * The data directory's files, opened, with what they held: the term and vote, the state
     * rebuilt from them and the LSN of the snapshot it started from (0 without one).
     */
    record Recovered(Wal wal, HardStateFile hardStateFile, CommitHintFile commitHint, Ready.HardState hardState,
                     KvState state, long snapshotLsn) {
    }

    private Recovery() {
    }

    static Recovered recover(NodeConfig.Storage storage, NodeLog log) throws IOException {
        HardStateFile hardStateFile = new HardStateFile(storage.dataDir());
        CommitHintFile commitHint = new CommitHintFile(storage.dataDir());
        Files.createDirectories(storage.dataDir());
        KvState state = new KvState();
        Optional<Snapshot> snapshot = SnapshotFile.loadLatest(storage.snapshotDir(), log::info);
        long base = 0, baseTerm = 0;
        if (snapshot.isPresent()) {
            Snapshot s = snapshot.get();
            state.restore(s.data(), s.lsn(), s.term());
            base = s.lsn();
            baseTerm = s.term();
            log.info("[snapshot] loaded snapshot at LSN " + s.lsn() + " (term " + s.term() + ", " + s.data().size() + " keys)");
        }
        Wal wal = Wal.open(storage.walDir(), storage.fsync(), storage.walSegmentBytes(), log::info, base, baseTerm);
        Ready.HardState hs = hardStateFile.load();
        replay(wal, state, Math.min(commitHint.load(), wal.lastLsn()), log);
        return new Recovered(wal, hardStateFile, commitHint, hs, state, base);
    }

    /** Rebuilds the state from the WAL up to an LSN known to be committed. */
    private static void replay(Wal wal, KvState state, long upTo, NodeLog log) throws IOException {
        long lsn = Math.max(wal.firstLsn(), state.appliedLsn() + 1);
        while (lsn <= upTo) {
            List<Entry> batch = wal.read(lsn, upTo, 8L << 20);
            for (Entry e : batch) state.apply(e);
            lsn = batch.get(batch.size() - 1).lsn() + 1;
        }
        if (upTo > 0) log.info("[wal] rebuilt state from the WAL up to committed LSN " + upTo + " (" + state.size() + " keys)");
    }
}
