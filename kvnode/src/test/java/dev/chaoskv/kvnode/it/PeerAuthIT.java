package dev.chaoskv.kvnode.it;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.launch.KvnodeLauncher;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.WireWriter;
import dev.chaoskv.common.FreePorts;
import dev.chaoskv.kvnode.transport.PeerCodec;
import dev.chaoskv.testkit.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may talk to a node as a peer, with real processes and a stranger's raw socket. */
class PeerAuthIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long HIGH_TERM = 1_000_000;
    private TestCluster cluster;
    private int[] ports;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
        ports = FreePorts.take(3);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private String peersOf(int self) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i == self) continue;
            b.append(b.length() == 0 ? "" : ",").append("n").append(i + 1).append("=127.0.0.1:").append(ports[i]);
        }
        return b.toString();
    }

    private void startNode(int i, String... extra) throws IOException {
        String[] args = new String[4 + extra.length];
        args[0] = "--id";
        args[1] = "n" + (i + 1);
        args[2] = "--peers";
        args[3] = peersOf(i);
        System.arraycopy(extra, 0, args, 4, extra.length);
        cluster.start("n" + (i + 1), ports[i], args);
    }

    private Path secretFile(String name, String secret) throws IOException {
        Path f = cluster.dir().resolve(name);
        Files.writeString(f, secret);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    private long term(String node) {
        return cluster.status(node).path("term").asLong();
    }

    /** The leader {@code node} follows, or "" when it knows none or does not answer. */
    private String leaderSeenBy(String node) {
        var s = cluster.status(node);
        return s == null || s.path("leader").isNull() ? "" : s.path("leader").asText();
    }

    private static Frame heartbeat() {
        return new Frame(PeerCodec.HEARTBEAT, new WireWriter(24).u64(HIGH_TERM).u64(0).u64(1).toBytes());
    }

    /** Sends raw frames on a fresh connection, ignoring a node that hangs up on us. */
    private void sendAsStranger(String node, Frame... frames) throws Exception {
        try (Socket s = new Socket("127.0.0.1", cluster.node(node).port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            for (Frame f : frames) f.write(out);
            out.flush();
            s.getInputStream().read(); // until the node hangs up (or 3 s pass), so the frames were read
        } catch (IOException e) {
            // closed by the node: the expected answer to a stranger
        }
    }

    /** A stranger who knows the cluster id and a member's id but not the secret: it answers the challenge with noise. */
    private void handshakeWithoutTheSecret(String node, String clusterId, String claimedId) throws Exception {
        try (Socket s = new Socket("127.0.0.1", cluster.node(node).port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            PeerCodec.handshake(new PeerCodec.Hello(clusterId, claimedId, node, true, new byte[16])).write(out);
            out.flush();
            Frame ack = Frame.read(s.getInputStream(), PeerCodec.MAX_HANDSHAKE_FRAME);
            assertEquals(PeerCodec.HANDSHAKE_ACK, ack.type(), "the node answers the challenge");
            PeerCodec.handshakeProof(new byte[32]).write(out);
            heartbeat().write(out);
            out.flush();
            assertEquals(-1, s.getInputStream().read(), "the node closes the connection");
        } catch (IOException e) {
            // closed by the node
        }
    }

    private void assertLeaderKeepsItsTerm(String leader, long term) throws Exception {
        Thread.sleep(1500);
        assertEquals(term, term(leader), "the stranger's high term must not reach the leader");
        assertEquals(leader, cluster.leader(), "the leader must not step down");
    }

    private void awaitValue(String node, String key, String expected) throws Exception {
        cluster.await(node + " has " + key + "=" + expected, WAIT, () -> {
            try (KvClient c = cluster.client(node)) {
                return c.get(key) instanceof Response.Ok ok && expected.equals(new String(ok.value(), StandardCharsets.UTF_8));
            } catch (KvClientException e) {
                return false;
            }
        });
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    @Test
    void aStrangersForgedHandshakeAndHighTermHeartbeatDoNotMakeTheLeaderStepDown() throws Exception {
        for (int i = 0; i < 3; i++) startNode(i);
        String leader = cluster.awaitLeader(WAIT);
        long term = term(leader);
        String member = leader.equals("n1") ? "n2" : "n1";
        // The attack as it worked before: an old-format handshake naming a member, then a heartbeat of a high term.
        sendAsStranger(leader, new Frame(PeerCodec.HANDSHAKE, new WireWriter(8).string(member).toBytes()), heartbeat());
        // The same with today's format, from another cluster and from a stranger who names itself.
        sendAsStranger(leader, PeerCodec.handshake(new PeerCodec.Hello("other", member, leader, false, new byte[16])), heartbeat());
        sendAsStranger(leader, PeerCodec.handshake(new PeerCodec.Hello("default", "mallory", leader, false, new byte[16])), heartbeat());
        assertLeaderKeepsItsTerm(leader, term);
        String log = cluster.log(leader);
        assertTrue(log.contains("refusing peer connection from 127.0.0.1: old-format HANDSHAKE (peer protocol 1"), log);
        assertTrue(log.contains("cluster id 'other' is not this node's 'default'"), log);
        assertTrue(log.contains("unknown member 'mallory'"), log);
    }

    @Test
    void aClusterWithASharedSecretElectsReplicatesAndRefusesAStrangerWhoKnowsTheIds() throws Exception {
        Path secret = secretFile("secret", "correct horse battery staple\n");
        for (int i = 0; i < 3; i++) startNode(i, "--cluster-id", "prod", "--peer-secret-file", secret.toString());
        String leader = cluster.awaitLeader(WAIT);
        try (KvClient c = cluster.client(leader)) {
            assertTrue(c.put("k", "v") instanceof Response.Ok);
        }
        for (String n : List.of("n1", "n2", "n3")) awaitValue(n, "k", "v");
        assertTrue(cluster.log(leader).contains("peers authenticated with the secret in " + secret));
        long term = term(leader);
        handshakeWithoutTheSecret(leader, "prod", leader.equals("n1") ? "n2" : "n1");
        assertLeaderKeepsItsTerm(leader, term);
        assertTrue(cluster.log(leader).contains("wrong peer secret"), cluster.log(leader));
    }

    @Test
    void aNodeWithTheWrongSecretIsRefused() throws Exception {
        Path secret = secretFile("secret", "correct horse battery staple");
        Path wrong = secretFile("wrong", "tr0ub4dor&3");
        startNode(0, "--peer-secret-file", secret.toString());
        startNode(1, "--peer-secret-file", secret.toString());
        startNode(2, "--peer-secret-file", wrong.toString());
        cluster.await("n1 or n2 leads", WAIT, () -> leaderSeenBy("n1").matches("n[12]"));
        String leader = leaderSeenBy("n1");
        try (KvClient c = cluster.client(leader)) {
            assertTrue(c.put("k", "v") instanceof Response.Ok);
        }
        awaitValue("n1", "k", "v");
        awaitValue("n2", "k", "v");
        cluster.await("n3 refused", WAIT, () -> {
            try {
                return cluster.log(leader).contains("wrong peer secret") && cluster.log("n3").contains("wrong peer secret");
            } catch (IOException e) {
                return false;
            }
        });
        try (KvClient c = cluster.client("n3")) {
            assertFalse(c.get("k") instanceof Response.Ok, "n3 must not have received anything");
        }
    }

    @Test
    void aNodeOfAnotherClusterIsRefusedAndLoggedOnceAndItsDataDirectoryStaysWithItsCluster() throws Exception {
        startNode(0, "--cluster-id", "alpha");
        startNode(1, "--cluster-id", "alpha");
        startNode(2, "--cluster-id", "beta");
        cluster.await("n3 refused by n1", WAIT, () -> {
            try {
                return cluster.log("n1").contains("cluster id 'beta' is not this node's 'alpha'");
            } catch (IOException e) {
                return false;
            }
        });
        Thread.sleep(6000); // n3 keeps retrying (backoff up to 5 s) ...
        assertEquals(1, count(cluster.log("n1"), "cluster id 'beta' is not this node's 'alpha'"), "... but the refusal is logged once");

        // n3's data directory is beta's: it cannot be started into alpha.
        cluster.kill("n3");
        TestCluster.NodeProc n3 = cluster.node("n3");
        Path log = cluster.dir().resolve("n3-alpha.log");
        Process p = KvnodeLauncher.withJvmOptions(List.of("-Xmx128m")).start(List.of("--id", "n3", "--port", String.valueOf(ports[2]),
                "--data-dir", n3.dataDir().toString(), "--peers", peersOf(2), "--cluster-id", "alpha"), log);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains(n3.dataDir().resolve("cluster-id") + ": this data directory belongs to cluster 'beta', not 'alpha'"),
                Files.readString(log));
    }
}
