package dev.chaoskv.kvnode.it;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.RequestCodec;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.ResponseCodec;
import dev.chaoskv.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client connections on the node's I/O loop: pipelined requests answered in order, idle connections cost no thread. */
class ClientConnectionsIT {
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

    private static byte[] frames(Request... requests) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Request r : requests) RequestCodec.encode(r).write(out);
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrderWithABadOneInPlace() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) raw.write(frames(new Request.Put("pipe", utf8("v" + i))));
        raw.write(new byte[]{0, 0, 0, 1, 0x7e}); // unknown type: ERROR, and the session goes on
        raw.write(frames(new Request.Get("pipe"), new Request.Status(), new Request.Put("pipe", utf8("last"))));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(raw.toByteArray()); // all in one write: the node sees them together
            InputStream in = s.getInputStream();
            long lastLsn = 0;
            for (int i = 0; i < 50; i++) {
                Response r = ResponseCodec.decode(Frame.read(in, 1 << 20));
                long lsn = assertInstanceOf(Response.Ok.class, r, "answer " + i).lsn();
                assertTrue(lsn > lastLsn, "answers in request order: LSN " + lsn + " after " + lastLsn);
                lastLsn = lsn;
            }
            Response err = ResponseCodec.decode(Frame.read(in, 1 << 20));
            assertTrue(assertInstanceOf(Response.Error.class, err).message().contains("unknown request type 0x7e"), err.toString());
            // The GET was in flight together with the PUTs (concurrent with them), so it may see
            // any of them, or none yet.
            Response get = ResponseCodec.decode(Frame.read(in, 1 << 20));
            assertTrue(get instanceof Response.NotFound
                    || get instanceof Response.Ok ok && new String(ok.value(), StandardCharsets.UTF_8).matches("v[0-9]+"), get.toString());
            assertInstanceOf(Response.Status.class, ResponseCodec.decode(Frame.read(in, 1 << 20)));
            assertTrue(assertInstanceOf(Response.Ok.class, ResponseCodec.decode(Frame.read(in, 1 << 20))).lsn() > lastLsn);
            // Sent after every answer arrived, a GET sees the last acknowledged write.
            s.getOutputStream().write(frames(new Request.Get("pipe")));
            assertEquals("last", new String(assertInstanceOf(Response.Ok.class, ResponseCodec.decode(Frame.read(in, 1 << 20))).value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestsStillGetsEveryAnswer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            for (int i = 0; i < 10; i++) s.getOutputStream().write(frames(new Request.Put("half", utf8("v" + i))));
            s.shutdownOutput();
            for (int i = 0; i < 10; i++) assertInstanceOf(Response.Ok.class, ResponseCodec.decode(Frame.read(s.getInputStream(), 1 << 20)));
            assertNull(Frame.read(s.getInputStream(), 1 << 20), "then the node closes the connection");
        }
    }

    @Test
    void kvClientPipelinesWithinItsWindowAndKeepsTheSynchronousApi() throws Exception {
        try (KvClient c = new KvClient(new InetSocketAddress("127.0.0.1", port), Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(2), 3, 16)) {
            assertInstanceOf(Response.Ok.class, c.put("sync-before", "1"));
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) answers.add(c.submit(new Request.Put("window", utf8("v" + i))));
            long lastLsn = 0;
            for (CompletableFuture<Response> f : answers) {
                long lsn = assertInstanceOf(Response.Ok.class, f.get(20, TimeUnit.SECONDS)).lsn();
                assertTrue(lsn > lastLsn, "futures completed with their own answers, in order");
                lastLsn = lsn;
            }
            // The synchronous calls still work on the same client once the reader thread runs.
            Response r = c.get("window");
            assertEquals("v499", new String(assertInstanceOf(Response.Ok.class, r).value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void thousandsOfIdleConnectionsDoNotCostAThreadEach() throws Exception {
        long pid = cluster.node("solo").process()[0].pid();
        int before = threads(pid);
        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) idle.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            // Every connection is accepted and served: a request on the last one is answered.
            try (KvClient c = cluster.client("solo")) {
                assertInstanceOf(Response.Ok.class, c.put("after-idle", "yes"));
            }
            SocketChannel last = idle.get(idle.size() - 1);
            last.write(java.nio.ByteBuffer.wrap(frames(new Request.Get("after-idle"))));
            Frame f = Frame.read(last.socket().getInputStream(), 1 << 20);
            assertEquals("yes", new String(assertInstanceOf(Response.Ok.class, ResponseCodec.decode(f)).value(), StandardCharsets.UTF_8));
            int during = threads(pid);
            assertTrue(during <= before + 5, "node threads went from " + before + " to " + during + " with 2,000 idle connections");
        } finally {
            for (SocketChannel c : idle) c.close();
        }
    }

    /** The thread count of a process, from /proc. */
    private static int threads(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) return Integer.parseInt(line.substring(8).trim());
        }
        throw new IllegalStateException("no Threads: line in /proc/" + pid + "/status");
    }
}
