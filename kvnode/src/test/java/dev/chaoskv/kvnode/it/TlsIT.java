package dev.chaoskv.kvnode.it;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.launch.KvnodeLauncher;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.WireWriter;
import dev.chaoskv.common.FreePorts;
import dev.chaoskv.common.tls.TlsSockets;
import dev.chaoskv.common.tls.TlsStores;
import dev.chaoskv.kvnode.transport.PeerCodec;
import dev.chaoskv.testkit.TestCluster;
import dev.chaoskv.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS on the client and peer ports, with real processes, real certificates (keytool) and strangers. */
class TlsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long HIGH_TERM = 1_000_000;
    private static TestPki pki;
    private TestCluster cluster;
    private int[] ports;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.inTempDir();
    }

    @AfterAll
    static void deleteCertificates() throws IOException {
        if (pki != null) pki.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        cluster = new TestCluster();
        ports = FreePorts.take(3);
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private static SSLContext context(Path certStore) throws IOException {
        return new TlsStores(certStore, pki.trustStore(), pki.passwordFile()).context();
    }

    private static String[] tlsFlags(Path certStore, String... modes) {
        List<String> a = new ArrayList<>(List.of(modes));
        a.addAll(List.of("--tls-cert-store", certStore.toString(), "--tls-trust-store", pki.trustStore().toString(),
                "--tls-password-file", pki.passwordFile().toString()));
        return a.toArray(String[]::new);
    }

    private String peersOf(int self, int size) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size; i++) {
            if (i == self) continue;
            b.append(b.length() == 0 ? "" : ",").append("n").append(i + 1).append("=127.0.0.1:").append(ports[i]);
        }
        return b.toString();
    }

    private void startNode(int i, int size, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--id", "n" + (i + 1)));
        if (size > 1) args.addAll(List.of("--peers", peersOf(i, size)));
        args.addAll(List.of(extra));
        cluster.start("n" + (i + 1), ports[i], args.toArray(String[]::new));
    }

    private void awaitLog(String node, String text) throws Exception {
        cluster.await(node + " logs '" + text + "'", WAIT, () -> {
            try {
                return cluster.log(node).contains(text);
            } catch (IOException e) {
                return false;
            }
        });
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

    private KvClient client(String node, SSLContext tls) {
        return new KvClient(new InetSocketAddress("127.0.0.1", cluster.node(node).port()), Map.of(), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 0, tls);
    }

    private static Frame heartbeat() {
        return new Frame(PeerCodec.HEARTBEAT, new WireWriter(24).u64(HIGH_TERM).u64(0).u64(1).toBytes());
    }

    /** A peer's handshake naming {@code member}, then a heartbeat of a high term, over TLS with {@code tls} (null: plaintext). */
    private void posePeer(String node, SSLContext tls, String member) {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", cluster.node(node).port()), 2000);
            raw.setSoTimeout(3000);
            Socket s = tls == null ? raw : TlsSockets.client(tls, raw, "127.0.0.1", cluster.node(node).port());
            OutputStream out = s.getOutputStream();
            PeerCodec.handshake(new PeerCodec.Hello("default", member, node, false, new byte[16])).write(out);
            heartbeat().write(out);
            out.flush();
            s.getInputStream().read(); // until the node hangs up (or 3 s pass)
        } catch (IOException e) {
            // refused by the node: expected
        }
    }

    @Test
    void peersSpeakMutualTlsElectAndReplicateAndStrangersAreRefusedAndLogged() throws Exception {
        for (int i = 0; i < 3; i++) startNode(i, 3, tlsFlags(pki.nodeStore(), "--peer-tls", "on", "--client-tls", "on"));
        cluster.clientTls(context(pki.clientStore()));
        String leader = cluster.awaitLeader(WAIT);
        try (KvClient c = cluster.client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("k", "v"));
        }
        for (String n : List.of("n1", "n2", "n3")) awaitValue(n, "k", "v");
        assertTrue(cluster.log(leader).contains("over mutual TLS"), cluster.log(leader));
        long term = cluster.status(leader).path("term").asLong();

        String member = leader.equals("n1") ? "n2" : "n1";
        posePeer(leader, context(pki.strangerStore()), member); // a certificate of another authority
        posePeer(leader, new TlsStores(null, pki.trustStore(), pki.passwordFile()).context(), member); // no certificate
        posePeer(leader, null, member); // plaintext

        // JSSE presents only a certificate of an authority the node names in its request, so the
        // stranger's goes unsent: it arrives without one, like the second stranger.
        awaitLog(leader, "refusing peer connection from 127.0.0.1: it presented no TLS certificate, and peer TLS is mutual (--peer-tls on)");
        awaitLog(leader, "refusing peer connection from 127.0.0.1: it speaks plaintext, and this node requires mutual TLS from peers (--peer-tls on)");
        Thread.sleep(1500);
        assertEquals(term, cluster.status(leader).path("term").asLong(), "the strangers' high term must not reach the leader");
        assertEquals(leader, cluster.leader(), "the leader must not step down");
        try (KvClient c = cluster.client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("k2", "v2"), "the cluster still replicates");
        }
    }

    @Test
    void aNodeWithACertificateOfAnotherAuthorityIsRefused() throws Exception {
        startNode(0, 3, tlsFlags(pki.nodeStore(), "--peer-tls", "on"));
        startNode(1, 3, tlsFlags(pki.nodeStore(), "--peer-tls", "on"));
        startNode(2, 3, tlsFlags(pki.strangerStore(), "--peer-tls", "on"));
        cluster.await("n1 or n2 leads", WAIT, () -> {
            var s = cluster.status("n1");
            return s != null && s.path("leader").asText("").matches("n[12]");
        });
        String leader = cluster.status("n1").path("leader").asText();
        try (KvClient c = cluster.client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("k", "v"));
        }
        awaitValue("n1", "k", "v");
        awaitValue("n2", "k", "v");
        awaitLog(leader, "refusing TLS connection from 127.0.0.1:");
        awaitLog(leader, "TLS handshake with n3 at 127.0.0.1:" + ports[2] + " failed:");
        awaitLog("n3", "TLS handshake with " + leader);
        try (KvClient c = cluster.client("n3")) {
            assertFalse(c.get("k") instanceof Response.Ok, "n3 must not have received anything");
        }
    }

    @Test
    void tlsClientsAreServedAndAPlaintextClientGetsAClearErrorAndTheNodeSurvives() throws Exception {
        startNode(0, 1, tlsFlags(pki.nodeStore(), "--client-tls", "on"));
        cluster.clientTls(context(null));
        cluster.awaitLeader(WAIT);
        String trust = pki.trustStore().toString(), pw = pki.passwordFile().toString();

        TestCluster.CliResult put = cluster.kv("n1", "--tls-trust-store", trust, "--tls-password-file", pw, "put", "k", "v");
        assertEquals(0, put.exit(), put.output());
        TestCluster.CliResult plain = cluster.kv("n1", "get", "k");
        assertEquals(2, plain.exit(), plain.output());
        assertTrue(plain.output().contains("this node requires TLS from clients (--client-tls on)"), plain.output());
        try (KvClient c = client("n1", null)) {
            assertInstanceOf(Response.Error.class, c.get("k"), "a plaintext KvClient gets an ERROR, not a hang");
        }
        // A client that does not trust the node's authority refuses the node.
        KvClientException untrusted = assertThrows(KvClientException.class, () -> {
            try (KvClient c = client("n1", new TlsStores(null, pki.dir().resolve("other-ca.p12"), pki.passwordFile()).context())) {
                c.get("k");
            }
        });
        assertTrue(untrusted.getMessage().startsWith("TLS handshake with "), untrusted.getMessage());
        assertFalse(untrusted.requestSent());

        TestCluster.CliResult get = cluster.kv("n1", "--tls-trust-store", trust, "--tls-password-file", pw, "get", "k");
        assertEquals(0, get.exit(), get.output());
        assertEquals("v", get.output(), "the node still serves TLS clients");
        assertTrue(cluster.log("n1").contains("refusing plaintext client connection from 127.0.0.1"), cluster.log("n1"));
        assertTrue(cluster.node("n1").alive());
    }

    @Test
    void requireClientCertRefusesAClientWithoutOne() throws Exception {
        startNode(0, 1, tlsFlags(pki.nodeStore(), "--client-tls", "require-client-cert"));
        cluster.clientTls(context(pki.clientStore()));
        cluster.awaitLeader(WAIT);
        KvClientException refused = assertThrows(KvClientException.class, () -> {
            try (KvClient c = client("n1", context(null))) {
                c.put("k", "v");
            }
        });
        // TLS 1.3 shows a refused client certificate only after the client's handshake: at its first read, or as a broken pipe.
        assertTrue(refused.getMessage().contains("TLS"), refused.getMessage());
        awaitLog("n1", "refusing TLS connection from 127.0.0.1:");
        TestCluster.CliResult withCert = cluster.kv("n1", "--tls-trust-store", pki.trustStore().toString(), "--tls-cert-store",
                pki.clientStore().toString(), "--tls-password-file", pki.passwordFile().toString(), "put", "k", "v");
        assertEquals(0, withCert.exit(), withCert.output());
        TestCluster.CliResult without = cluster.kv("n1", "--tls-trust-store", pki.trustStore().toString(),
                "--tls-password-file", pki.passwordFile().toString(), "get", "k");
        assertEquals(2, without.exit(), without.output());
        assertTrue(without.output().contains("TLS"), without.output());
    }

    @Test
    void aStoreThatDoesNotOpenStopsTheNodeNamingTheFile() throws Exception {
        Path wrong = cluster.dir().resolve("wrong-password");
        Files.writeString(wrong, "not the password\n");
        Path log = cluster.dir().resolve("refused.log");
        List<String> args = List.of("--port", String.valueOf(ports[0]), "--data-dir", cluster.dir().resolve("d").toString(),
                "--client-tls", "on", "--tls-cert-store", pki.nodeStore().toString(), "--tls-trust-store", pki.trustStore().toString(),
                "--tls-password-file", wrong.toString());
        Process p = KvnodeLauncher.withJvmOptions(List.of("-Xmx128m")).start(args, log);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("error: " + pki.trustStore() + ": wrong password for this trust store"), Files.readString(log));
    }
}
