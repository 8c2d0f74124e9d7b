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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leader failure and leader isolation with real processes. Every peer link runs through a
 * {@link LinkRelay}, so a test can cut a node off from its peers while its clients still reach it.
 */
class FailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] FAST = {"--heartbeat-ms", "50", "--election-timeout-ms", "500", "--commit-timeout-ms", "2000"};
    private TestCluster cluster;
    private final List<LinkRelay> relays = new ArrayList<>();
    private final LinkRelay[][] link = new LinkRelay[3][3];
    private int[] port;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
        port = FreePorts.take(3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i == j) continue;
                link[i][j] = new LinkRelay(0, port[j]);
                relays.add(link[i][j]);
            }
        }
        for (int i = 0; i < 3; i++) {
            StringBuilder peers = new StringBuilder();
            for (int j = 0; j < 3; j++) {
                if (j != i) peers.append(peers.length() > 0 ? "," : "").append("n").append(j + 1).append("=127.0.0.1:").append(link[i][j].port());
            }
            List<String> args = new ArrayList<>(List.of("--id", "n" + (i + 1), "--peers", peers.toString()));
            args.addAll(List.of(FAST));
            cluster.start("n" + (i + 1), port[i], args.toArray(String[]::new));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            cluster.close();
        } finally {
            for (LinkRelay r : relays) r.close();
        }
    }

    private Map<String, InetSocketAddress> directory() {
        Map<String, InetSocketAddress> d = new HashMap<>();
        for (int i = 0; i < 3; i++) d.put("n" + (i + 1), new InetSocketAddress("127.0.0.1", port[i]));
        return d;
    }

    private static int index(String node) {
        return Integer.parseInt(node.substring(1)) - 1;
    }

    private void isolate(String node, boolean cut) {
        int i = index(node);
        for (int j = 0; j < 3; j++) {
            if (j == i) continue;
            if (cut) {
                link[i][j].cut();
                link[j][i].cut();
            } else {
                link[i][j].heal();
                link[j][i].heal();
            }
        }
    }

    private String awaitLeaderOtherThan(String old) throws Exception {
        String[] found = new String[1];
        cluster.await("a leader other than " + old, WAIT, () -> {
            for (String n : List.of("n1", "n2", "n3")) {
                if (n.equals(old) || !cluster.node(n).alive()) continue;
                JsonNode s = cluster.status(n);
                if (s != null && "leader".equals(s.path("role").asText())) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void killedLeaderIsReplacedAndRejoinsAsFollowerWithoutLosingAckedWrites() throws Exception {
        String first = cluster.awaitLeader(WAIT);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ackedAfterKill = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                int seq = 0;
                KvClient c = new KvClient(directory().get("n" + (id % 3 + 1)), directory(), Duration.ofSeconds(5), Duration.ofSeconds(1), 3);
                while (!stop.get()) {
                    String key = "w" + id + "-" + seq++;
                    try {
                        if (c.put(key, key) instanceof Response.Ok) {
                            acked.add(key);
                            if (killed.get()) ackedAfterKill.incrementAndGet();
                        }
                    } catch (KvClientException e) {
                        // the connection died with the leader: try another node next time
                        c.retarget(directory().get("n" + (seq % 3 + 1)));
                    }
                }
                c.close();
            });
            t.start();
            writers.add(t);
        }
        try {
            cluster.await("some writes acknowledged", WAIT, () -> acked.size() > 50);
            cluster.kill(first);
            killed.set(true);
            String second = awaitLeaderOtherThan(first);
            cluster.await("writes resume on the new leader " + second, WAIT, () -> ackedAfterKill.get() > 50);
            cluster.restart(first);
            cluster.await(first + " rejoins as a follower of " + second, WAIT, () -> {
                JsonNode s = cluster.status(first);
                return s != null && "follower".equals(s.path("role").asText()) && second.equals(s.path("leader").asText());
            });
        } finally {
            stop.set(true);
            for (Thread t : writers) t.join(10_000);
        }
        String leader = cluster.awaitLeader(WAIT);
        cluster.await("all three nodes converge", WAIT, () -> {
            JsonNode a = cluster.status("n1"), b = cluster.status("n2"), c = cluster.status("n3");
            return a != null && b != null && c != null
                    && a.path("digest").equals(b.path("digest")) && b.path("digest").equals(c.path("digest"))
                    && a.path("lastLsn").equals(b.path("lastLsn")) && b.path("lastLsn").equals(c.path("lastLsn"));
        });
        try (KvClient c = cluster.client(leader)) {
            for (String key : acked) {
                Response r = c.get(key);
                assertInstanceOf(Response.Ok.class, r, "acknowledged write " + key + " was lost: " + r);
            }
        }
    }

    @Test
    void isolatedLeaderStopsAcceptingWritesAndOneLeaderRemainsAfterHeal() throws Exception {
        String old = cluster.awaitLeader(WAIT);
        KvClient direct = new KvClient(directory().get(old), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), 0);
        try {
            assertInstanceOf(Response.Ok.class, direct.put("before", "1"));
            isolate(old, true);
            long cutAt = System.nanoTime();
            cluster.await(old + " steps down by itself (CheckQuorum)", WAIT, () -> {
                JsonNode s = cluster.status(old);
                return s != null && !"leader".equals(s.path("role").asText());
            });
            long stepDownMs = (System.nanoTime() - cutAt) / 1_000_000;
            // election timeout 500 ms: a leader that heard from no majority for a whole timeout steps down.
            assertTrue(stepDownMs < 2500, "old leader kept leading for " + stepDownMs + " ms without a majority");
            Response refused = direct.put("during", "x");
            assertFalse(refused instanceof Response.Ok, "an isolated node acknowledged a write: " + refused);
            String fresh = awaitLeaderOtherThan(old);
            try (KvClient c = new KvClient(directory().get(fresh), directory(), Duration.ofSeconds(5), Duration.ofSeconds(1), 3)) {
                assertInstanceOf(Response.Ok.class, c.put("majority", "yes"));
            }
            isolate(old, false);
            cluster.await("exactly one leader after heal, and it is not the isolated node", WAIT, () -> {
                String l = cluster.leader();
                return l != null && !l.equals(old);
            });
            cluster.await(old + " converges", WAIT, () -> {
                JsonNode s = cluster.status(old);
                return s != null && s.path("digest").equals(cluster.status(fresh).path("digest"));
            });
            Response r = new KvClient(directory().get(old)).get("majority");
            assertEquals("yes", new String(((Response.Ok) r).value(), StandardCharsets.UTF_8));
        } finally {
            direct.close();
        }
    }

    @Test
    void linearizableReadOnAnIsolatedOldLeaderNeverReturnsAValueOlderThanAnAcknowledgedWrite() throws Exception {
        String old = cluster.awaitLeader(WAIT);
        try (KvClient c = new KvClient(directory().get(old), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), 0)) {
            assertInstanceOf(Response.Ok.class, c.put("k", "v1"));
        }
        isolate(old, true);
        String fresh = awaitLeaderOtherThan(old);
        try (KvClient c = new KvClient(directory().get(fresh), directory(), Duration.ofSeconds(5), Duration.ofSeconds(1), 3)) {
            assertInstanceOf(Response.Ok.class, c.put("k", "v2"));
        }
        // v2 is acknowledged. Whatever the old leader answers now, it must not be the older v1.
        int answered = 0;
        try (KvClient c = new KvClient(directory().get(old), Map.of(), Duration.ofSeconds(5), Duration.ofSeconds(1), 0)) {
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                Response r = c.get("k");
                answered++;
                if (r instanceof Response.Ok ok) {
                    assertNotEquals("v1", new String(ok.value(), StandardCharsets.UTF_8), "stale read from the isolated old leader");
                }
            }
        }
        assertTrue(answered > 0);
        isolate(old, false);
    }
}
