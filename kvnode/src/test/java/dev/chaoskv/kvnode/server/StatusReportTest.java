package dev.chaoskv.kvnode.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.kvnode.state.KvState;
import dev.chaoskv.kvnode.transport.PeerCredentials;
import dev.chaoskv.kvnode.transport.PeerLink;
import dev.chaoskv.kvnode.wal.Wal;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.RaftCore;
import dev.chaoskv.raft.Ready;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Wal wal;

    @AfterEach
    void closeWal() throws Exception {
        if (wal != null) wal.close();
    }

    private record Node(NodeConfig cfg, RaftCore core, KvState state, List<PeerLink> links) {
    }

    private Node node(int quorum, NodeConfig.Unsafe unsafe) throws Exception {
        NodeConfig cfg = TestConfigs.node(dir, 2, quorum, unsafe);
        wal = Wal.open(dir.resolve("wal"), cfg.storage().fsync(), s -> { });
        RaftCore core = new RaftCore(KvNode.raftConfig(cfg), wal::read, wal.terms().copy(), new Ready.HardState(0, null), 0, 1);
        List<PeerLink> links = new ArrayList<>();
        cfg.membership().peers().forEach((id, a) -> links.add(new PeerLink(new PeerCredentials("default", "n1", cfg.membership().peers().keySet(), null), id, a, e -> { }, s -> { }, () -> "")));
        return new Node(cfg, core, new KvState(), links);
    }

    private JsonNode status(Node n, String role, long snapshotLsn) throws Exception {
        return JSON.readTree(new StatusReport(n.cfg(), n.core(), n.state(), wal, n.links()).json(role, snapshotLsn));
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    @Test
    void aFollowerReportsEveryFieldInProtocolOrder() throws Exception {
        Node n = node(0, NodeConfig.Unsafe.NONE);
        n.state().apply(new Entry(1, 1, EntryType.PUT, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)));
        JsonNode s = status(n, "follower", 0);
        assertEquals(List.of("id", "address", "role", "term", "leader", "lastLsn", "commitLsn", "appliedLsn", "digest", "keys",
                "quorum", "clusterSize", "readMode", "peers", "snapshotLsn", "wal", "unsafe"), fieldNames(s));
        assertEquals("n1", s.get("id").asText());
        assertEquals("127.0.0.1:9001", s.get("address").asText());
        assertEquals("follower", s.get("role").asText());
        assertEquals(0, s.get("term").asLong());
        assertTrue(s.get("leader").isNull());
        assertEquals(1, s.get("appliedLsn").asLong());
        assertEquals(n.state().digest(), s.get("digest").asText());
        assertEquals(1, s.get("keys").asInt());
        assertEquals(2, s.get("quorum").asInt());
        assertEquals(3, s.get("clusterSize").asInt());
        assertEquals("linearizable", s.get("readMode").asText());
        assertEquals(0, s.get("snapshotLsn").asLong());
        assertEquals(List.of("firstLsn", "segments", "appendedRecords", "fsyncs", "fsync"), fieldNames(s.get("wal")));
        assertEquals("always", s.get("wal").get("fsync").asText());
        assertEquals(0, s.get("unsafe").size());
    }

    @Test
    void aFollowerShowsItsLinksButNoReplicationProgress() throws Exception {
        JsonNode peers = status(node(0, NodeConfig.Unsafe.NONE), "follower", 0).get("peers");
        assertEquals(2, peers.size());
        JsonNode p = peers.get(0);
        assertEquals(List.of("id", "address", "online", "matchLsn", "lag"), fieldNames(p));
        assertEquals("n2", p.get("id").asText());
        assertEquals("127.0.0.1:9002", p.get("address").asText());
        assertFalse(p.get("online").asBoolean(), "the link was never started");
        assertTrue(p.get("matchLsn").isNull());
        assertTrue(p.get("lag").isNull());
        assertEquals("n3", peers.get(1).get("id").asText());
    }

    @Test
    void aLeaderShowsEachPeersMatchAndLag() throws Exception {
        Node n = node(0, NodeConfig.Unsafe.NONE);
        RaftCore core = n.core();
        // Win a pre-vote, then the election, with n2's vote.
        for (int i = 0; i < 1000 && core.role() == RaftCore.Role.FOLLOWER; i++) core.tick();
        core.step(new Message.VoteResp("n2", core.term() + 1, true, true));
        core.step(new Message.VoteResp("n2", core.term(), true, false));
        assertEquals(RaftCore.Role.LEADER, core.role());
        JsonNode s = status(n, "leader", 7);
        assertEquals("n1", s.get("leader").asText());
        assertEquals(7, s.get("snapshotLsn").asLong());
        for (JsonNode p : s.get("peers")) {
            assertTrue(p.get("matchLsn").isNumber(), p.toString());
            assertTrue(p.get("lag").isNumber(), p.toString());
        }
    }

    @Test
    void unsafeSettingsAreListed() throws Exception {
        JsonNode unsafe = status(node(1, new NodeConfig.Unsafe(true, false, true)), "follower", 0).get("unsafe");
        List<String> listed = new ArrayList<>();
        unsafe.forEach(u -> listed.add(u.asText()));
        assertEquals(List.of("ack-before-replicate", "stale-reads", "quorum-below-majority"), listed);
    }
}
