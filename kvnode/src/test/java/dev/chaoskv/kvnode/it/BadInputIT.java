package dev.chaoskv.kvnode.it;


import dev.chaoskv.testkit.TestCluster;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.ResponseCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage, oversized and unknown frames get an ERROR or a closed connection, and the node keeps serving. */
class BadInputIT {
    private static TestCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster();
        // A one-node cluster with a small value limit.
        port = cluster.startSoloLeader("--max-value-bytes", "4096");
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static Response roundTrip(byte[] raw) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(raw);
            s.getOutputStream().flush();
            Frame f = Frame.read(s.getInputStream(), 1 << 20);
            return f == null ? null : ResponseCodec.decode(f);
        }
    }

    private static void assertStillServing() throws Exception {
        try (KvClient c = cluster.client("solo")) {
            assertInstanceOf(Response.Ok.class, c.put("alive", "yes"));
            Response r = c.get("alive");
            assertEquals("yes", new String(((Response.Ok) r).value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void garbageBytesGetAnErrorAndTheConnectionCloses() throws Exception {
        Response r = roundTrip("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertInstanceOf(Response.Error.class, r);
        assertTrue(((Response.Error) r).message().contains("limit"), r.toString());
        assertStillServing();
    }

    @Test
    void aFrameClaimingTwoGibibytesIsRefusedWithoutAllocatingIt() throws Exception {
        byte[] raw = {(byte) 0x80, 0, 0, 0, 0x01};
        Response r = roundTrip(raw);
        assertInstanceOf(Response.Error.class, r);
        assertTrue(((Response.Error) r).message().contains("2147483648"), r.toString());
        assertTrue(cluster.log("solo").contains("frame claims 2147483648 bytes"), "the node logs the bad frame");
        assertStillServing();
    }

    @Test
    void unknownTypeGetsAnErrorAndTheSessionContinues() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            InputStream in = s.getInputStream();
            out.writeInt(1);
            out.writeByte(0x7e);
            out.flush();
            Response r = ResponseCodec.decode(Frame.read(in, 1 << 20));
            assertInstanceOf(Response.Error.class, r);
            assertTrue(((Response.Error) r).message().contains("unknown request type 0x7e"), r.toString());
            // Same connection, a valid STATUS request still works.
            out.writeInt(1);
            out.writeByte(0x05);
            out.flush();
            assertInstanceOf(Response.Status.class, ResponseCodec.decode(Frame.read(in, 1 << 20)));
        }
        assertStillServing();
    }

    @Test
    void truncatedFieldsAndOversizedValuesAreNamed() throws Exception {
        // PUT whose key length claims 1000 bytes but the frame holds 3.
        Response r = roundTrip(new byte[]{0, 0, 0, 8, 0x01, 0, 0, 0x03, (byte) 0xe8, 'a', 'b', 'c'});
        assertInstanceOf(Response.Error.class, r);
        assertTrue(((Response.Error) r).message().contains("key"), r.toString());
        try (KvClient c = cluster.client("solo")) {
            Response big = c.put("big", "x".repeat(5000));
            assertInstanceOf(Response.Error.class, big);
            assertTrue(((Response.Error) big).message().contains("exceeds the limit of 4096"), big.toString());
        }
        assertStillServing();
    }

    @Test
    void aClientThatHangsUpMidFrameDoesNotDisturbOthers() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(new byte[]{0, 0, 0, 100, 0x01, 0, 0});
            s.getOutputStream().flush();
        }
        assertStillServing();
    }
}
