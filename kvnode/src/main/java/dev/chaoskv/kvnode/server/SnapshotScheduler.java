package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.state.SnapshotFile;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.RaftCore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * Takes a snapshot once enough records were applied since the last one, and compacts the WAL
 * behind it. Enough is {@code --snapshot-every} records, or as many records as the last
 * snapshot held keys if that is more: writing a snapshot costs in proportion to the whole
 * state, so with this rule it costs at most about one key written per record applied, however
 * large the state grows (a fixed interval made it grow with the state: at a million keys, every
 * 100,000 records rewrote all of them). The event loop takes an image of the state and, once
 * told the file is written, compacts; only the writing happens on the one background writer
 * thread, so the loop never waits for it. At most one snapshot is written at a time.
 */
final class SnapshotScheduler implements AutoCloseable {
    private final NodeConfig.Snapshots policy;
    private final Path dir;
    private final Wal wal;
    private final RaftCore core;
    private final NodeLog log;
    private final Consumer<NodeEvent> inbox;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(daemonThreads("snapshot-writer"));
    // Event-loop thread only.
    private long lastSnapshotLsn;
    /** Keys in the last snapshot this node wrote or installed (0 before the first since it started). */
    private long lastSnapshotKeys;
    private boolean writing;

    SnapshotScheduler(NodeConfig.Snapshots policy, Path dir, Wal wal, RaftCore core, long lastSnapshotLsn,
                      NodeLog log, Consumer<NodeEvent> inbox) {
        this.policy = policy;
        this.dir = dir;
        this.wal = wal;
        this.core = core;
        this.lastSnapshotLsn = lastSnapshotLsn;
        this.log = log;
        this.inbox = inbox;
    }

    /** Threads that never keep the JVM alive: a node stops when its shutdown hook has closed it. */
    static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    long lastSnapshotLsn() {
        return lastSnapshotLsn;
    }

    /** Starts writing a snapshot of {@code state} if enough records were applied since the last one. */
    void maybeTake(KvState state) {
        if (writing || state.appliedLsn() < nextSnapshotAfter()) return;
        long lsn = state.appliedLsn(), term = state.appliedTerm();
        KvState.Image image = state.image();
        try {
            writer.execute(() -> write(lsn, term, image));
            writing = true;
        } catch (RejectedExecutionException closing) {
            // The node is shutting down: no new snapshot.
        }
    }

    /** The applied LSN at which the next snapshot is due. */
    long nextSnapshotAfter() {
        return lastSnapshotLsn + Math.max(policy.every(), lastSnapshotKeys);
    }

    private void write(long lsn, long term, KvState.Image image) {
        long start = System.nanoTime();
        try {
            SnapshotFile.write(dir, lsn, term, image);
            inbox.accept(new NodeEvent.SnapshotWritten(lsn, term, image.size(), (System.nanoTime() - start) / 1_000_000));
        } catch (IOException ex) {
            log.info("[snapshot] writing snapshot at LSN " + lsn + " failed: " + ex.getMessage());
            inbox.accept(new NodeEvent.SnapshotWritten(-1, term, 0, 0));
        }
    }

    /** The writer finished: drop the WAL segments behind the snapshot, keeping the retained records. */
    void written(NodeEvent.SnapshotWritten w) throws IOException {
        writing = false;
        if (w.lsn() < 0) return;
        lastSnapshotLsn = w.lsn();
        lastSnapshotKeys = w.keys();
        long target = w.lsn() - policy.walRetainRecords();
        long before = wal.firstLsn();
        if (target >= before) {
            long base = wal.deleteSegmentsUpTo(target);
            core.compact(base);
        }
        log.info("[snapshot] wrote snapshot at LSN " + w.lsn() + " (" + w.keys() + " keys) in " + w.millis()
                + " ms; WAL now holds LSN " + wal.firstLsn() + ".." + wal.lastLsn()
                + (wal.firstLsn() > before ? " (compacted from LSN " + before + ")" : "") + "; the next one is due at LSN " + nextSnapshotAfter());
    }

    /** A snapshot received from the leader becomes the newest one. */
    void adopt(Path received, long lsn, int keys) throws IOException {
        SnapshotFile.adopt(dir, received, lsn);
        lastSnapshotLsn = lsn;
        lastSnapshotKeys = keys;
    }

    /**
     * Takes no new snapshot. One being written finishes on its daemon thread or ends with the
     * JVM; either way the file only takes its name once complete.
     */
    @Override
    public void close() {
        writer.shutdown();
    }
}
