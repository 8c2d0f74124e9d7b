package dev.chaoskv.kvnode.it;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.testkit.RepoRoot;
import dev.chaoskv.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/kv never changes the bytes of a key or value, against a real node. Arguments with raw
 * bytes are given by bash ($'\xff'), as a user's shell would: Java cannot put bytes that are
 * not text into a command line it starts.
 */
class KvBinaryKeysIT {
    private static final byte[] BINARY = {0x00, (byte) 0xff, 0x0a, (byte) 0x80};

    private static TestCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster();
        port = cluster.startSoloLeader();
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private record Run(int exit, byte[] out, String err) {
    }

    /** {@code bin/kv --port <port> <args>}, with args as bash words, so $'...' gives raw bytes. */
    private static Run kv(Map<String, String> env, String args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec \"$0\" --port " + port + " " + args,
                RepoRoot.path().resolve("bin/kv").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/kv " + args + " did not finish");
        return new Run(p.exitValue(), out, err);
    }

    private static Response get(String key) throws Exception {
        try (KvClient c = cluster.client("solo")) {
            return c.get(key);
        }
    }

    private static byte[] value(String key) throws Exception {
        Response r = get(key);
        assertInstanceOf(Response.Ok.class, r, key + ": " + r);
        return ((Response.Ok) r).value();
    }

    @Test
    void twoDifferentInvalidKeysAreRefusedInsteadOfBecomingOneKey() throws Exception {
        Run ff = kv(Map.of(), "put $'k\\xff' first");
        Run fe = kv(Map.of(), "put $'k\\xfe' second");
        assertEquals(64, ff.exit(), ff.err());
        assertEquals(64, fe.exit(), fe.err());
        assertTrue(ff.err().startsWith("error: argument 4 (\"k\\xff\") is not valid UTF-8"), ff.err());
        assertTrue(fe.err().startsWith("error: argument 4 (\"k\\xfe\") is not valid UTF-8"), fe.err());
        assertInstanceOf(Response.NotFound.class, get("k\uFFFD"), "nothing was written under the replacement character");
    }

    @Test
    void aBinaryValueRoundTripsInHexBase64AndRawBytes() throws Exception {
        TestCluster.CliResult put = cluster.kv("solo", "--hex", "put", "6231", "00ff0a80");
        assertEquals(0, put.exit(), put.output());
        assertArrayEquals(BINARY, value("b1"));
        assertEquals("00ff0a80", cluster.kv("solo", "--hex", "get", "6231").output());
        assertEquals("AP8KgA==", cluster.kv("solo", "get", "--base64", "YjE=").output());
        Run raw = kv(Map.of(), "get b1");
        assertEquals(0, raw.exit(), raw.err());
        assertArrayEquals(new byte[] {0x00, (byte) 0xff, 0x0a, (byte) 0x80, '\n'}, raw.out(), "printed byte for byte");
    }

    @Test
    void base64WritesAndCasComparesBytes() throws Exception {
        assertEquals(0, cluster.kv("solo", "--base64", "put", "YjI=", "AP8KgA==").exit());
        TestCluster.CliResult mismatch = cluster.kv("solo", "--hex", "cas", "6232", "00", "01");
        assertEquals(1, mismatch.exit());
        assertEquals("CAS_MISMATCH current=00ff0a80", mismatch.output());
        assertEquals(0, cluster.kv("solo", "--hex", "cas", "6232", "00ff0a80", "ff").exit());
        assertArrayEquals(new byte[] {(byte) 0xff}, value("b2"));
    }

    @Test
    void keysThatAreHardToTypeGoInHex() throws Exception {
        assertEquals(0, cluster.kv("solo", "--hex", "put", "000a", "76").exit());
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), value("\u0000\n"));
        TestCluster.CliResult notText = cluster.kv("solo", "--hex", "put", "6bff", "76");
        assertEquals(64, notText.exit(), "a key that is not UTF-8 is bad usage");
        assertTrue(notText.output().contains("not valid UTF-8"), notText.output());
    }

    @Test
    void aValidNonAsciiKeyKeepsItsBytesUnderACLocale() throws Exception {
        Run put = kv(Map.of("LC_ALL", "C", "LANG", "C"), "put $'\\xc3\\xa9t\\xc3\\xa9' summer");
        assertEquals(0, put.exit(), put.err());
        assertArrayEquals("summer".getBytes(StandardCharsets.UTF_8), value("été"));
        Run get = kv(Map.of("LC_ALL", "C", "LANG", "C"), "get $'\\xc3\\xa9t\\xc3\\xa9'");
        assertArrayEquals("summer\n".getBytes(StandardCharsets.UTF_8), get.out(), get.err());
    }

    @Test
    void aKeyStartingWithAtIsNotReplacedByAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keyfile"), "contents");
        assertEquals(0, cluster.kv("solo", "put", "@" + file, "at").exit());
        assertArrayEquals("at".getBytes(StandardCharsets.UTF_8), value("@" + file));
        assertInstanceOf(Response.NotFound.class, get("contents"));
    }

    @Test
    void aHexDumpShowsEveryKeyAndValueExactly() throws Exception {
        assertEquals(0, cluster.kv("solo", "--hex", "put", "6233", "80").exit());
        TestCluster.CliResult dump = cluster.kv("solo", "--hex", "dump");
        assertEquals(0, dump.exit(), dump.output());
        assertTrue(dump.output().contains("\"6233\" : \"80\""), dump.output());
        TestCluster.CliResult text = cluster.kv("solo", "dump");
        assertEquals(2, text.exit(), "JSON text cannot hold the value 0x80; it is not replaced: " + text.output());
        assertTrue(text.output().contains("is not valid UTF-8, which JSON text cannot hold byte for byte; use --hex or --base64"), text.output());
    }
}
