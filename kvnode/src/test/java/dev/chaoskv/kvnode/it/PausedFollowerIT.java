package dev.chaoskv.kvnode.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.common.FreePorts;
import dev.chaoskv.testkit.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A follower stopped with SIGSTOP, as the chaos runner pauses nodes: the leader keeps committing
 * with the other follower, also once the paused one's socket is full and the leader's link to it
 * holds a backlog (a leader that waited for that socket would stall every write).
 */
class PausedFollowerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestCluster cluster;

    PausedFollowerIT() throws IOException {
        cluster = new TestCluster();
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + p.pid());
    }

    private long appliedLsn(String node) {
        JsonNode s = cluster.status(node);
        return s == null ? -1 : s.path("appliedLsn").asLong();
    }

    @Test
    void theLeaderKeepsCommittingWhileAFollowerIsPausedAndTheFollowerCatchesUpAfter() throws Exception {
        int[] ports = FreePorts.take(3);
        // A follower timeout longer than the test: the leader keeps shipping to the paused follower instead of resetting its link.
        cluster.start("node1", ports[0], "--role=leader", "--peers=" + ports[1] + "," + ports[2], "--follower-timeout-ms=120000");
        cluster.start("node2", ports[1], "--role=follower", "--leader=" + ports[0]);
        cluster.start("node3", ports[2], "--role=follower", "--leader=" + ports[0]);
        cluster.await("node1 leads", WAIT, () -> "node1".equals(cluster.leader()));
        try (KvClient c = cluster.client("node1")) {
            assertInstanceOf(Response.Ok.class, c.put("before", "pause"));
            cluster.await("node3 has the first write", WAIT, () -> appliedLsn("node3") >= appliedLsn("node1"));
            Process paused = cluster.node("node3").process()[0];
            signal(paused, "STOP");
            try {
                // 100 writes of 256 KiB: far more than the socket buffers towards node3 hold.
                String value = "v".repeat(256 << 10);
                for (int i = 0; i < 100; i++) {
                    Response r = c.put("big" + i, value);
                    assertInstanceOf(Response.Ok.class, r, "write " + i + " with node3 paused: " + r);
                }
            } finally {
                signal(paused, "CONT");
            }
            cluster.await("node3 catches up", WAIT, () -> appliedLsn("node3") == appliedLsn("node1"));
        }
        assertEquals(cluster.status("node1").path("digest"), cluster.status("node3").path("digest"));
    }
}
