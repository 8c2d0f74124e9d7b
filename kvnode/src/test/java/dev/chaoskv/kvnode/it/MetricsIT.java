package dev.chaoskv.kvnode.it;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.common.FreePorts;
import dev.chaoskv.kvnode.metrics.ExpositionFormat;
import dev.chaoskv.testkit.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --metrics-port} on a real 3-node cluster: scraped over HTTP as Prometheus would, values move with the writes. */
class MetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern METRICS_URL = Pattern.compile("\\[node] metrics at (http://\\S+/metrics)");
    private static final String PUT_OK = "kvnode_requests_total{type=\"put\",outcome=\"ok\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> urls = new HashMap<>();
    private TestCluster cluster;
    /** Whichever node won the election, and the two others: one to watch, one to stop. */
    private String leader, follower, stopped;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
        int[] p = FreePorts.take(3);
        String[] names = {"n1", "n2", "n3"};
        for (int i = 0; i < 3; i++) {
            StringBuilder peers = new StringBuilder();
            for (int j = 0; j < 3; j++) {
                if (j != i) peers.append(peers.length() > 0 ? "," : "").append(names[j]).append("=127.0.0.1:").append(p[j]);
            }
            cluster.start(names[i], p[i], "--id", names[i], "--peers", peers.toString(), "--metrics-port", "0");
        }
        for (String n : names) {
            cluster.await(n + " logs its metrics URL", WAIT, () -> metricsUrl(n) != null);
            urls.put(n, metricsUrl(n));
        }
        leader = cluster.awaitLeader(WAIT);
        List<String> others = new ArrayList<>(List.of(names));
        others.remove(leader);
        follower = others.get(0);
        stopped = others.get(1);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private String metricsUrl(String node) {
        try {
            Matcher m = METRICS_URL.matcher(cluster.log(node));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A scrape of {@code node}, checked against the text format; values by series. */
    private Map<String, Double> scrape(String node) throws IOException, InterruptedException {
        HttpResponse<String> r = get(urls.get(node));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        return ExpositionFormat.check(r.body());
    }

    private static double value(Map<String, Double> scrape, String series) {
        Double v = scrape.get(series);
        assertNotNull(v, "no series " + series + " in " + scrape.keySet());
        return v;
    }

    private static String lag(String peer) {
        return "kvnode_peer_lag{peer=\"" + peer + "\"}";
    }

    @Test
    void valuesMoveAsWritesArrive() throws Exception {
        Map<String, Double> leaderBefore = scrape(leader);
        Map<String, Double> followerBefore = scrape(follower);
        assertEquals(1.0, value(leaderBefore, "kvnode_role{role=\"leader\"}"));
        assertEquals(0.0, value(leaderBefore, "kvnode_role{role=\"follower\"}"));
        assertEquals(1.0, value(followerBefore, "kvnode_role{role=\"follower\"}"));
        assertEquals(value(leaderBefore, "kvnode_term"), value(followerBefore, "kvnode_term"));
        assertTrue(value(leaderBefore, "kvnode_elections_started_total") >= 1, "the leader campaigned");
        assertTrue(value(followerBefore, "kvnode_leader_changes_total") >= 1, "the follower saw a leader");
        value(leaderBefore, lag(follower));
        value(leaderBefore, "kvnode_peer_match_lsn{peer=\"" + stopped + "\"}");
        double putsBefore = leaderBefore.getOrDefault(PUT_OK, 0.0);

        int writes = 25;
        try (KvClient c = cluster.client(leader)) {
            for (int i = 0; i < writes; i++) assertInstanceOf(Response.Ok.class, c.put("k" + i, "v" + i));
            assertInstanceOf(Response.Ok.class, c.get("k0"));
        }

        Map<String, Double> leaderAfter = scrape(leader);
        assertEquals(putsBefore + writes, value(leaderAfter, PUT_OK), "every acknowledged put is counted once");
        assertEquals(putsBefore + writes, value(leaderAfter, "kvnode_request_duration_seconds_count{type=\"put\",outcome=\"ok\"}"));
        assertTrue(value(leaderAfter, "kvnode_requests_total{type=\"get\",outcome=\"ok\"}") >= 1);
        assertTrue(value(leaderAfter, "kvnode_commit_lsn") >= value(leaderBefore, "kvnode_commit_lsn") + writes, "commit LSN grows with the writes");
        assertTrue(value(leaderAfter, "kvnode_wal_fsyncs_total") > value(leaderBefore, "kvnode_wal_fsyncs_total"), "the leader fsyncs");
        assertEquals(value(leaderAfter, "kvnode_wal_fsyncs_total"), value(leaderAfter, "kvnode_wal_fsync_duration_seconds_count"),
                "every fsync is timed");
        assertTrue(value(leaderAfter, "kvnode_wal_fsync_duration_seconds_sum") > 0);
        cluster.await(follower + " applies the writes", WAIT, () -> {
            try {
                Map<String, Double> f = scrape(follower);
                return f.get("kvnode_applied_lsn") >= value(leaderAfter, "kvnode_commit_lsn")
                        && f.get("kvnode_wal_fsyncs_total") > followerBefore.get("kvnode_wal_fsyncs_total");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // A follower that is down falls behind, and the leader's lag for it says by how much.
        cluster.kill(stopped);
        try (KvClient c = cluster.client(leader)) {
            for (int i = 0; i < 10; i++) assertInstanceOf(Response.Ok.class, c.put("late" + i, "v"));
        }
        Map<String, Double> after = scrape(leader);
        assertTrue(value(after, lag(stopped)) >= 10, stopped + " misses the last 10 writes: " + after);
        assertEquals(value(after, "kvnode_last_lsn") - value(after, "kvnode_peer_match_lsn{peer=\"" + stopped + "\"}"), value(after, lag(stopped)));
        cluster.await(follower + " catches up", WAIT, () -> {
            try {
                return scrape(leader).get(lag(follower)) == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void answersOnlyMetricsAndOnlyToReads() throws Exception {
        String base = urls.get("n2").replace("/metrics", "");
        assertEquals(404, get(base + "/").statusCode());
        assertEquals(404, get(base + "/metrics/x").statusCode());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(urls.get("n2")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertTrue(urls.get("n2").startsWith("http://127.0.0.1:"), urls.get("n2"));
    }
}
