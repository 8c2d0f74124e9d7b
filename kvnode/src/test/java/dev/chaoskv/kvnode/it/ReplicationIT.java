package dev.chaoskv.kvnode.it;

import dev.chaoskv.common.FreePorts;

import dev.chaoskv.testkit.TestCluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.protocol.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catch-up, partition and quorum scenarios, with real processes started the way an operator would. */
class ReplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TestCluster cluster;
    private int p1, p2, p3;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
        int[] ports = FreePorts.take(3);
        p1 = ports[0];
        p2 = ports[1];
        p3 = ports[2];
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private void startLeaderAndFollower() throws Exception {
        cluster.start("node1", p1, "--role=leader", "--peers=" + p2 + "," + p3);
        cluster.start("node2", p2, "--role=follower", "--leader=" + p1);
        cluster.await("node1 leads", WAIT, () -> "node1".equals(cluster.leader()));
    }

    private void startFollower3() throws Exception {
        cluster.start("node3", p3, "--role=follower", "--leader=" + p1);
    }

    private static String value(Response r) {
        assertInstanceOf(Response.Ok.class, r, "expected OK, got " + r);
        return new String(((Response.Ok) r).value(), StandardCharsets.UTF_8);
    }

    private void awaitValue(String node, String key, String expected) throws Exception {
        cluster.await(node + " has " + key + "=" + expected, WAIT, () -> {
            try (KvClient c = cluster.client(node)) {
                Response r = c.get(key);
                return r instanceof Response.Ok ok && expected.equals(new String(ok.value(), StandardCharsets.UTF_8));
            } catch (KvClientException e) {
                return false;
            }
        });
    }

    @Test
    void lateJoinerCatchesUpFromLsnZero() throws Exception {
        startLeaderAndFollower();
        for (int i = 1; i <= 10; i++) {
            TestCluster.CliResult r = cluster.kv("node1", "put", "key" + i, "value" + i);
            assertEquals(0, r.exit(), "put key" + i + ": " + r.output());
        }
        startFollower3();
        awaitValue("node3", "key10", "value10");
        TestCluster.CliResult k1 = cluster.kv("node3", "get", "key1");
        assertEquals(0, k1.exit(), k1.output());
        assertEquals("value1", k1.output());
        assertEquals("value10", cluster.kv("node3", "get", "key10").output());
        String log3 = cluster.log("node3");
        assertTrue(log3.contains("[catch-up] requesting records after LSN 0"), log3);
        // 10 puts plus the leader's no-op entry of its term.
        assertTrue(log3.contains("[catch-up] received 11 records, caught up to LSN 11"), log3);
    }

    @Test
    void writesSucceedWithOneFollowerDownAndItCatchesUpAfterRestart() throws Exception {
        startLeaderAndFollower();
        startFollower3();
        try (KvClient c = cluster.client("node1")) {
            for (int i = 1; i <= 5; i++) assertInstanceOf(Response.Ok.class, c.put("before" + i, "val" + i));
            awaitValue("node3", "before5", "val5");
            long lsnBeforeKill = cluster.status("node3").path("lastLsn").asLong();
            cluster.kill("node3");
            for (int i = 1; i <= 5; i++) {
                Response r = c.put("during" + i, "val" + i);
                assertInstanceOf(Response.Ok.class, r, "quorum is 2 of 3, so writes must succeed with one follower down: " + r);
            }
            cluster.restart("node3");
            awaitValue("node3", "during5", "val5");
            assertEquals("val1", value(cluster.client("node3").get("during1")));

            // Rejoin: it asked for exactly what it missed and ends identical to the leader.
            String log3 = cluster.log("node3");
            assertTrue(log3.contains("[catch-up] requesting records after LSN " + lsnBeforeKill), log3);
            assertTrue(log3.contains("[catch-up] received 5 records, caught up to LSN " + (lsnBeforeKill + 5)), log3);
            cluster.await("node3 converges with the leader", WAIT, () -> {
                JsonNode l = cluster.status("node1"), f = cluster.status("node3");
                return l != null && f != null && l.path("appliedLsn").equals(f.path("appliedLsn"))
                        && l.path("digest").equals(f.path("digest")) && l.path("lastLsn").equals(f.path("lastLsn"));
            });
            String log1 = cluster.log("node1");
            assertTrue(log1.contains("[leader] follower " + p3 + " disconnected"), log1);
            assertTrue(log1.contains("[leader] reconnecting to " + p3), log1);
            assertTrue(Pattern.compile("\\[leader] follower " + p3 + " (reconnected|said hello), sending catch-up").matcher(log1).find(), log1);
        }
    }

    @Test
    void restartedFollowerStartsCatchingUpWithinOneSecond() throws Exception {
        startLeaderAndFollower();
        startFollower3();
        try (KvClient c = cluster.client("node1")) {
            assertInstanceOf(Response.Ok.class, c.put("a", "1"));
            awaitValue("node3", "a", "1");
            cluster.kill("node3");
            // Wait until the leader's retry backoff is long, so a catch-up within 1 s cannot be its retry.
            cluster.await("the leader's reconnect backoff to node3 reaches 1600 ms", WAIT, () -> {
                try {
                    return cluster.log("node1").contains("reconnecting to " + p3 + " in 1600 ms");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertInstanceOf(Response.Ok.class, c.put("b", "2"));
            cluster.restart("node3");
            cluster.await("node3 listening", WAIT, () -> cluster.status("node3") != null);
            long up = System.nanoTime();
            awaitValue("node3", "b", "2");
            long ms = (System.nanoTime() - up) / 1_000_000;
            assertTrue(ms < 1000, "restarted follower took " + ms + " ms to catch up after it started listening");
        }
    }

    @Test
    void quorumOfThreeWithAFollowerDownNeverAcknowledgesAWrite() throws Exception {
        cluster.start("node1", p1, "--role=leader", "--peers=" + p2 + "," + p3, "--quorum", "3", "--commit-timeout-ms", "1500");
        cluster.start("node2", p2, "--role=follower", "--leader=" + p1);
        cluster.start("node3", p3, "--role=follower", "--leader=" + p1);
        cluster.await("node1 leads", WAIT, () -> "node1".equals(cluster.leader()));
        try (KvClient c = cluster.client("node1")) {
            assertInstanceOf(Response.Ok.class, c.put("all-up", "1"), "with all three nodes up a write commits");
            cluster.kill("node3");
            List<Response> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Response r = c.put("k" + i, "v" + i);
                answers.add(r);
                assertFalse(r instanceof Response.Ok, "write " + i + " was acknowledged with only 2 of 3 nodes: " + r);
            }
            // Once the leader notices, it refuses up front instead of timing out.
            cluster.await("writes are REJECTED", WAIT, () -> {
                try {
                    return c.put("x", "y") instanceof Response.Rejected;
                } catch (KvClientException e) {
                    return false;
                }
            });
            assertTrue(answers.stream().allMatch(r -> r instanceof Response.Timeout || r instanceof Response.Rejected), answers.toString());
        }
    }

    @Test
    void concurrentWritesShareFsyncs() throws Exception {
        startLeaderAndFollower();
        startFollower3();
        int writers = 32, perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    try (KvClient c = cluster.client("node1")) {
                        for (int i = 0; i < perWriter; i++) if (c.put("w" + id + "-" + i, "v") instanceof Response.Ok) ok++;
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : done) ok += f.get();
            assertEquals(writers * perWriter, ok);
        } finally {
            pool.shutdownNow();
        }
        JsonNode wal = cluster.status("node1").path("wal");
        long appended = wal.path("appendedRecords").asLong(), fsyncs = wal.path("fsyncs").asLong();
        assertTrue(appended >= writers * perWriter, wal.toString());
        assertTrue(fsyncs < appended / 2, "group commit should share fsyncs among concurrent writes: " + wal);
    }

    @Test
    void wholeClusterRestartRestoresStateFromTheWal() throws Exception {
        cluster.start("n1", p1, "--id", "n1", "--peers", "n2=127.0.0.1:" + p2 + ",n3=127.0.0.1:" + p3);
        cluster.start("n2", p2, "--id", "n2", "--peers", "n1=127.0.0.1:" + p1 + ",n3=127.0.0.1:" + p3);
        cluster.start("n3", p3, "--id", "n3", "--peers", "n1=127.0.0.1:" + p1 + ",n2=127.0.0.1:" + p2);
        String leader = cluster.awaitLeader(WAIT);
        try (KvClient c = cluster.client(leader)) {
            for (int i = 0; i < 20; i++) assertInstanceOf(Response.Ok.class, c.put("k" + i, "v" + i));
        }
        String digest = cluster.status(leader).path("digest").asText();
        for (String n : List.of("n1", "n2", "n3")) cluster.kill(n);
        for (String n : List.of("n1", "n2", "n3")) cluster.restart(n);
        String again = cluster.awaitLeader(WAIT);
        cluster.await("the restarted leader rebuilt exactly the old state", WAIT, () -> {
            JsonNode s = cluster.status(again);
            return s != null && s.path("digest").asText().equals(digest);
        });
        try (KvClient c = cluster.client(again)) {
            for (int i = 0; i < 20; i++) assertEquals("v" + i, value(c.get("k" + i)));
        }
        // 20 puts and the leader's no-op were durable on at least a majority before the kill.
        int complete = 0;
        for (String n : List.of("n1", "n2", "n3")) {
            Matcher m = Pattern.compile("\\[wal] recovered (\\d+) records").matcher(cluster.log(n));
            assertTrue(m.find(), n + " logged no WAL recovery: " + cluster.log(n));
            if (Integer.parseInt(m.group(1)) >= 21) complete++;
        }
        assertTrue(complete >= 2, "fewer than a majority recovered all 21 records");
    }
}
