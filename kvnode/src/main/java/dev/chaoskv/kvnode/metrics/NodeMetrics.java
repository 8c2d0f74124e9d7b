package dev.chaoskv.kvnode.metrics;

import dev.chaoskv.common.PrometheusText;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters and histograms a node keeps while it runs: incremented where things happen
 * (client threads, the raft loop, the WAL) and read by a scrape. Gauges such as the term are
 * not here: they are taken from the raft loop when scraped ({@link NodeGauges}).
 */
public final class NodeMetrics {
    private final RequestMetrics requests = new RequestMetrics();
    private final Histogram fsync = new Histogram(Histogram.FSYNC_SECONDS);
    private final AtomicLong electionsStarted = new AtomicLong();
    private final AtomicLong leaderChanges = new AtomicLong();
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private final AtomicLong snapshotsSent = new AtomicLong();
    private final AtomicLong snapshotsInstalled = new AtomicLong();

    public RequestMetrics requests() {
        return requests;
    }

    /** Observes the WAL's group-commit fsyncs. */
    public Histogram fsync() {
        return fsync;
    }

    public void electionStarted() {
        electionsStarted.incrementAndGet();
    }

    public void leaderChanged() {
        leaderChanges.incrementAndGet();
    }

    public void snapshotTaken() {
        snapshotsTaken.incrementAndGet();
    }

    public void snapshotSent() {
        snapshotsSent.incrementAndGet();
    }

    public void snapshotInstalled() {
        snapshotsInstalled.incrementAndGet();
    }

    void writeTo(PrometheusText out) {
        out.counter("kvnode_elections_started_total", "Elections this node started as a candidate (pre-votes that failed are not counted).", electionsStarted.get());
        out.counter("kvnode_leader_changes_total", "Terms in which this node learned of a leader (itself or another): each new leadership counts once.", leaderChanges.get());
        out.counter("kvnode_snapshots_taken_total", "Snapshots this node wrote of its own state.", snapshotsTaken.get());
        out.counter("kvnode_snapshots_sent_total", "Snapshots this node streamed to a follower to the end.", snapshotsSent.get());
        out.counter("kvnode_snapshots_installed_total", "Snapshots received from a leader and installed.", snapshotsInstalled.get());
        out.family("kvnode_wal_fsync_duration_seconds", "histogram", "Time of each WAL group-commit fsync.");
        fsync.writeTo(out, "kvnode_wal_fsync_duration_seconds");
        requests.writeTo(out);
    }
}
