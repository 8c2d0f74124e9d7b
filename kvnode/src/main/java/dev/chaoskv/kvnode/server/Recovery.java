package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.state.Snapshot;
import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.kvnode.wal.WalCorruptException;
import dev.chaoskv.kvnode.wal.WalRecoveryRules;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.raft.log.Entry;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A node's start from its data directory: the newest snapshot, the WAL that continues it, the
 * persisted term and vote, and the state rebuilt from the WAL up to the last LSN known to be
 * committed (the commit hint), so the node can answer reads before it hears from a leader.
 * Anything that would make the node forget what it acknowledged or voted for refuses to start,
 * naming the file ({@link StartRefusedException}, {@link WalCorruptException}).
 */
final class Recovery {

    /**
     * The data directory's files, opened, with what they held: the term and vote, the state
     * rebuilt from them and the LSN of the snapshot it started from (0 without one).
     * {@code catchUp} says whether the log lost records it may have acknowledged.
     */
    record Recovered(Wal wal, HardStateFile hardStateFile, CommitHintFile commitHint, CatchUpMarker catchUp,
                     Ready.HardState hardState, KvState state, long snapshotLsn) {
    }

    private interface IoStep<T> {
        T run() throws IOException;
    }

    private Recovery() {
    }

    /** Creates the data directory if needed; the first thing a node does, before it takes the directory's lock. */
    static void createDataDir(NodeConfig.Storage storage) throws IOException {
        step("create", storage.dataDir(), () -> Files.createDirectories(storage.dataDir()));
    }

    static Recovered recover(NodeConfig.Storage storage, NodeLog log) throws IOException {
        Path dataDir = storage.dataDir();
        createDataDir(storage);
        HardStateFile hardStateFile = new HardStateFile(dataDir);
        CommitHintFile commitHint = new CommitHintFile(dataDir);
        CatchUpMarker catchUp = new CatchUpMarker(dataDir);
        KvState state = new KvState();
        Optional<Snapshot> snapshot = loadSnapshot(storage.snapshotDir());
        long base = 0, baseTerm = 0;
        if (snapshot.isPresent()) {
            Snapshot s = snapshot.get();
            state.restore(s.data(), s.lsn(), s.term());
            base = s.lsn();
            baseTerm = s.term();
            log.info("[snapshot] loaded snapshot at LSN " + s.lsn() + " (term " + s.term() + ", " + s.data().size() + " keys)");
        }
        long hint = step("read", dataDir.resolve("commit-hint"), () -> commitHint.load(log::info));
        step("create", storage.walDir(), () -> Files.createDirectories(storage.walDir()));
        WalRecoveryRules rules = new WalRecoveryRules(hint, storage.unsafeRecoverTruncatedWal());
        long snapshotLsn = base, snapshotTerm = baseTerm;
        Wal wal = step("open", storage.walDir(), () -> Wal.open(storage.walDir(), storage.fsync(), storage.walSegmentBytes(),
                log::info, snapshotLsn, snapshotTerm, rules));
        try {
            Ready.HardState hs = step("read", hardStateFile.path(), hardStateFile::load);
            if (!hardStateFile.exists() && wal.lastTerm() > 0) {
                throw new StartRefusedException(hardStateFile.path(), "missing, but the log holds entries up to term " + wal.lastTerm()
                        + ": the node's term and vote are lost, and starting at term 0 could let it vote twice in a term");
            }
            if (wal.cutByRecoveryFlag()) {
                step("write", dataDir.resolve(CatchUpMarker.FILE_NAME), () -> {
                    catchUp.set("--unsafe-recover-truncated-wal cut the log at LSN " + wal.lastLsn() + " (commit hint " + hint + ")");
                    return null;
                });
            }
            replay(wal, state, Math.min(hint, wal.lastLsn()), log);
            return new Recovered(wal, hardStateFile, commitHint, catchUp, hs, state, base);
        } catch (IOException | RuntimeException e) {
            wal.close();
            throw e;
        }
    }

    /** Runs one file operation; a failure becomes a one-line refusal naming the file. */
    private static <T> T step(String action, Path file, IoStep<T> step) throws IOException {
        try {
            return step.run();
        } catch (StartRefusedException | WalCorruptException e) {
            throw e;
        } catch (IOException e) {
            throw StartRefusedException.cannot(action, file, e);
        }
    }

    /**
     * The newest snapshot. A damaged one refuses to start, naming it; it is never skipped: the
     * WAL was compacted behind it, so neither an older snapshot nor the WAL can stand in for it.
     */
    private static Optional<Snapshot> loadSnapshot(Path dir) throws IOException {
        List<Path> files = step("read", dir, () -> SnapshotFile.list(dir));
        if (files.isEmpty()) return Optional.empty();
        Path newest = files.get(0);
        try {
            return Optional.of(SnapshotFile.read(newest));
        } catch (FileSystemException e) {
            throw StartRefusedException.cannot("read", newest, e);
        } catch (IOException e) {
            throw StartRefusedException.damagedSnapshot(e);
        }
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
