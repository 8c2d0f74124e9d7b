package dev.chaoskv.kvnode.metrics;

import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsExpositionTest {
    private static final NodeGauges LEADER = new NodeGauges("leader", 3,
            new NodeGauges.Log(42, 41, 40, 0),
            List.of(new NodeGauges.Peer("n2", true, 41, 1), new NodeGauges.Peer("n3", false, 7, 35)),
            new NodeGauges.Wal(12, 42, 1));

    @Test
    void rendersTheRaftLoopsGaugesWithOneRoleSetAndAPeerLabel() {
        String text = MetricsExposition.render(new NodeMetrics(), LEADER);
        assertTrue(text.contains("\nkvnode_up 1\n"), text);
        assertTrue(text.contains("\nkvnode_role{role=\"leader\"} 1\nkvnode_role{role=\"follower\"} 0\nkvnode_role{role=\"candidate\"} 0\nkvnode_role{role=\"pre-candidate\"} 0\n"), text);
        assertTrue(text.contains("\nkvnode_term 3\n"), text);
        assertTrue(text.contains("\nkvnode_last_lsn 42\n"), text);
        assertTrue(text.contains("\nkvnode_commit_lsn 41\n"), text);
        assertTrue(text.contains("\nkvnode_applied_lsn 40\n"), text);
        assertTrue(text.contains("\nkvnode_peer_match_lsn{peer=\"n2\"} 41\nkvnode_peer_match_lsn{peer=\"n3\"} 7\n"), text);
        assertTrue(text.contains("\nkvnode_peer_lag{peer=\"n3\"} 35\n"), text);
        assertTrue(text.contains("\nkvnode_peer_online{peer=\"n3\"} 0\n"), text);
        assertTrue(text.contains("\nkvnode_wal_fsyncs_total 12\n"), text);
    }

    @Test
    void withoutAnAnswerFromTheLoopServesTheCountersAndSaysSo() {
        NodeMetrics m = new NodeMetrics();
        m.electionStarted();
        m.fsync().observeNanos(2_000_000);
        String text = MetricsExposition.render(m, null);
        assertTrue(text.startsWith("# HELP kvnode_up "), text);
        assertTrue(text.contains("\nkvnode_up 0\n"), text);
        assertFalse(text.contains("kvnode_term"), text);
        assertTrue(text.contains("\nkvnode_elections_started_total 1\n"), text);
        assertTrue(text.contains("\nkvnode_wal_fsync_duration_seconds_count 1\n"), text);
    }

    @Test
    void countsRequestsByTypeAndOutcomeListingOnlyPairsThatHappened() {
        NodeMetrics m = new NodeMetrics();
        RequestMetrics r = m.requests();
        r.record(new Request.Put("k", new byte[0]), new Response.Ok(5, null), 1_000_000);
        r.record(new Request.Put("k", new byte[0]), new Response.Ok(6, null), 3_000_000);
        r.record(new Request.Get("k"), new Response.NotFound(6), 100_000);
        r.record(new Request.Delete("k"), new Response.NotLeader("n2", "127.0.0.1:9002"), 100_000);
        r.record(new Request.Cas("k", null, new byte[0]), new Response.Timeout("t"), 100_000);
        r.record(new Request.Status(), new Response.Status("{}"), 100_000);
        r.record(null, new Response.Error("bad frame"), 100_000);
        String text = MetricsExposition.render(m, LEADER);
        assertTrue(text.contains("\nkvnode_requests_total{type=\"put\",outcome=\"ok\"} 2\n"), text);
        assertTrue(text.contains("\nkvnode_requests_total{type=\"get\",outcome=\"not_found\"} 1\n"), text);
        assertTrue(text.contains("\nkvnode_requests_total{type=\"delete\",outcome=\"not_leader\"} 1\n"), text);
        assertTrue(text.contains("\nkvnode_requests_total{type=\"cas\",outcome=\"timeout\"} 1\n"), text);
        assertTrue(text.contains("\nkvnode_requests_total{type=\"status\",outcome=\"ok\"} 1\n"), text);
        assertTrue(text.contains("\nkvnode_requests_total{type=\"invalid\",outcome=\"error\"} 1\n"), text);
        assertFalse(text.contains("type=\"put\",outcome=\"timeout\""), text);
        assertTrue(text.contains("\nkvnode_request_duration_seconds_bucket{type=\"put\",outcome=\"ok\",le=\"0.001\"} 1\n"), text);
        assertTrue(text.contains("\nkvnode_request_duration_seconds_bucket{type=\"put\",outcome=\"ok\",le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("\nkvnode_request_duration_seconds_sum{type=\"put\",outcome=\"ok\"} 0.004\n"), text);
        assertEquals(2, r.count(RequestMetrics.Type.PUT, RequestMetrics.Outcome.OK));
    }

    @Test
    void everyFamilyHasHelpAndTypeBeforeItsSamplesAndEverySampleParses() {
        NodeMetrics m = new NodeMetrics();
        m.requests().record(new Request.Get("k"), new Response.Ok(1, new byte[0]), 10);
        m.snapshotTaken();
        ExpositionFormat.check(MetricsExposition.render(m, LEADER));
    }
}
