package dev.chaoskv.kvnode.it;

import dev.chaoskv.common.FreePorts;

import dev.chaoskv.testkit.TestCluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A follower that was down while the leader compacted past its LSN catches up through a snapshot. */
class SnapshotIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TestCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    @Test
    void followerBehindTheRetainedLogGetsASnapshotThenTheLog() throws Exception {
        int[] p = FreePorts.take(3);
        String[] small = {"--snapshot-every", "200", "--wal-retain-records", "20", "--wal-segment-bytes", "4096"};
        for (int i = 0; i < 3; i++) {
            StringBuilder peers = new StringBuilder();
            for (int j = 0; j < 3; j++) if (j != i) peers.append(peers.length() > 0 ? "," : "").append("n").append(j + 1).append("=127.0.0.1:").append(p[j]);
            String[] args = new String[small.length + 4];
            System.arraycopy(small, 0, args, 0, small.length);
            args[small.length] = "--id";
            args[small.length + 1] = "n" + (i + 1);
            args[small.length + 2] = "--peers";
            args[small.length + 3] = peers.toString();
            cluster.start("n" + (i + 1), p[i], args);
        }
        String leader = cluster.awaitLeader(WAIT);
        String behind = leader.equals("n3") ? "n2" : "n3";
        try (KvClient c = cluster.client(leader)) {
            for (int i = 0; i < 50; i++) assertInstanceOf(Response.Ok.class, c.put("early" + i, "e" + i));
            cluster.kill(behind);
            for (int i = 0; i < 700; i++) assertInstanceOf(Response.Ok.class, c.put("k" + (i % 300), "v" + i));
        }
        cluster.await("leader compacted its WAL past the stopped follower", WAIT, () -> {
            JsonNode s = cluster.status(leader);
            return s != null && s.path("wal").path("firstLsn").asLong() > 60;
        });
        cluster.restart(behind);
        cluster.await(behind + " converges with the leader", WAIT, () -> {
            JsonNode l = cluster.status(leader), f = cluster.status(behind);
            return l != null && f != null && l.path("digest").equals(f.path("digest"))
                    && l.path("appliedLsn").asLong() == f.path("appliedLsn").asLong();
        });
        String log = cluster.log(behind);
        assertTrue(log.contains("[catch-up] installed snapshot at LSN"), log);
        assertTrue(cluster.log(leader).contains("sending it a snapshot"), cluster.log(leader));
        try (KvClient c = cluster.client(behind)) {
            Response r = c.get("early7");
            assertEquals("e7", new String(((Response.Ok) r).value(), StandardCharsets.UTF_8));
            Response last = c.get("k99");
            assertEquals("v699", new String(((Response.Ok) last).value(), StandardCharsets.UTF_8));
        }
        // After installing, the follower keeps replicating through the log.
        try (KvClient c = cluster.client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("after", "snapshot"));
        }
        cluster.await(behind + " has the write made after the snapshot", WAIT, () -> {
            try (KvClient c = cluster.client(behind)) {
                return c.get("after") instanceof Response.Ok;
            } catch (Exception e) {
                return false;
            }
        });
        // And it restarts from its own snapshot.
        cluster.kill(behind);
        cluster.restart(behind);
        cluster.await(behind + " back after restart", WAIT, () -> {
            JsonNode f = cluster.status(behind);
            return f != null && f.path("snapshotLsn").asLong() > 0;
        });
        assertTrue(cluster.log(behind).contains("[snapshot] loaded snapshot at LSN"), cluster.log(behind));
    }
}
