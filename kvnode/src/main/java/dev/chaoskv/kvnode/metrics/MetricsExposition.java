package dev.chaoskv.kvnode.metrics;

import dev.chaoskv.common.PrometheusText;

/** The body of {@code GET /metrics}: the raft loop's gauges, then the node's counters and histograms. */
public final class MetricsExposition {
    private MetricsExposition() {
    }

    /** {@code gauges} is null when the raft loop did not answer in time: the counters are still worth a scrape. */
    public static String render(NodeMetrics metrics, NodeGauges gauges) {
        PrometheusText out = new PrometheusText();
        out.gauge("kvnode_up", "1 if the raft loop answered this scrape, 0 if it is stuck (the other gauges are then left out).", gauges == null ? 0 : 1);
        if (gauges != null) writeGauges(out, gauges);
        metrics.writeTo(out);
        return out.toString();
    }

    private static void writeGauges(PrometheusText out, NodeGauges g) {
        out.family("kvnode_role", "gauge", "1 for the role this node has now, 0 for the others.");
        for (String role : NodeGauges.ROLES) out.sample("kvnode_role", role.equals(g.role()) ? 1 : 0, "role", role);
        out.gauge("kvnode_term", "The current Raft term.", g.term());
        out.gauge("kvnode_last_lsn", "LSN of the last record in this node's log.", g.log().lastLsn());
        out.gauge("kvnode_commit_lsn", "Highest LSN known to be committed.", g.log().commitLsn());
        out.gauge("kvnode_applied_lsn", "Highest LSN applied to the key-value state.", g.log().appliedLsn());
        out.gauge("kvnode_snapshot_lsn", "LSN of the newest snapshot (0 without one).", g.log().snapshotLsn());
        out.family("kvnode_peer_online", "gauge", "Leader only: 1 if the follower answered within the follower timeout.");
        for (NodeGauges.Peer p : g.peers()) out.sample("kvnode_peer_online", p.online() ? 1 : 0, "peer", p.id());
        out.family("kvnode_peer_match_lsn", "gauge", "Leader only: highest LSN the follower is known to hold.");
        for (NodeGauges.Peer p : g.peers()) out.sample("kvnode_peer_match_lsn", p.matchLsn(), "peer", p.id());
        out.family("kvnode_peer_lag", "gauge", "Leader only: records the follower lacks (last LSN minus its match LSN).");
        for (NodeGauges.Peer p : g.peers()) out.sample("kvnode_peer_lag", p.lag(), "peer", p.id());
        out.counter("kvnode_wal_fsyncs_total", "fsyncs of the WAL (one per group commit; 0 with --fsync=never).", g.wal().fsyncs());
        out.counter("kvnode_wal_appended_records_total", "Records appended to the WAL since start.", g.wal().appendedRecords());
        out.gauge("kvnode_wal_segments", "WAL segment files.", g.wal().segments());
    }
}
