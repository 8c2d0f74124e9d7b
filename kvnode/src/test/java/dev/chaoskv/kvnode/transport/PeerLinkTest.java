package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.chaoskv.common.Closeables.closeQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plaintext link against a real socket on 127.0.0.1 whose far end this test plays: it answers
 * the handshake as node n2 would, then reads (or does not).
 */
class PeerLinkTest {
    private static final PeerCredentials N1 = new PeerCredentials("c", "n1", Set.of("n1", "n2"), null);
    private static final PeerCredentials N2 = new PeerCredentials("c", "n2", Set.of("n1", "n2"), null);

    private final BlockingQueue<LinkEvent> events = new LinkedBlockingQueue<>();
    private final Queue<String> log = new ConcurrentLinkedQueue<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = toClose.size() - 1; i >= 0; i--) closeQuietly(toClose.get(i));
    }

    private ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(server);
        return server;
    }

    private PeerLink link(ServerSocket server) {
        PeerLink l = new PeerLink(N1, "n2", new InetSocketAddress("127.0.0.1", server.getLocalPort()), events::add, log::add, () -> "[leader]");
        toClose.add(l);
        l.start();
        return l;
    }

    /** Accepts one connection and answers its handshake as n2; returns the stream of the messages after it. */
    private InputStream acceptAsN2(ServerSocket server) throws Exception {
        Socket s = server.accept();
        toClose.add(s);
        s.setSoTimeout(30_000); // a test that waits for bytes that never come fails instead of hanging
        InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        OutputStream out = s.getOutputStream();
        PeerHandshake.Acceptor hs = new PeerHandshake.Acceptor(N2, PeerCredentials.newNonce());
        hs.onHello(Frame.read(in, PeerCodec.MAX_HANDSHAKE_FRAME)).write(out);
        out.flush();
        assertEquals("n1", hs.onProof(Frame.read(in, PeerCodec.MAX_HANDSHAKE_FRAME)));
        return in;
    }

    private void awaitUp(PeerLink link) throws InterruptedException {
        assertInstanceOf(LinkEvent.Up.class, events.poll(10, TimeUnit.SECONDS));
        assertTrue(link.connected());
    }

    @Test
    void messagesOfferedWhileTheLinkIsDownAreDropped() throws Exception {
        ServerSocket server = listen();
        PeerLink link = link(server);
        assertFalse(link.send(new Message.Heartbeat("n1", 1, 0, 1)), "sent before the handshake");
        acceptAsN2(server);
        awaitUp(link);
        assertTrue(link.send(new Message.Heartbeat("n1", 1, 0, 2)));
    }

    @Test
    void aPeerThatStopsReadingNeverBlocksTheSenderAndIsResetAtTheBound() throws Exception {
        ServerSocket server = listen();
        PeerLink link = link(server);
        acceptAsN2(server); // ...and never read again, as a paused (SIGSTOP) peer does
        awaitUp(link);
        byte[] mib = new byte[1 << 20];
        long[] mostUnsent = {0};
        int[] accepted = {0};
        // A sender that blocked on the full socket would never come back; this one must come back at the bound.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            while (link.send(new Message.SnapshotChunk("n1", 1, 1, 1, (long) accepted[0] << 20, mib, false, 0, 0))) {
                accepted[0]++;
                mostUnsent[0] = Math.max(mostUnsent[0], link.unsentBytes());
                assertTrue(accepted[0] < 200, "still accepting after " + accepted[0] + " MiB");
            }
        });
        assertTrue(mostUnsent[0] > ChannelOutput.UNSENT_LIMIT - 2 * mib.length && mostUnsent[0] <= ChannelOutput.UNSENT_LIMIT,
                "unsent bytes grew to " + mostUnsent[0] + " before the reset");
        LinkEvent down = events.poll(10, TimeUnit.SECONDS);
        assertInstanceOf(LinkEvent.Down.class, down);
        assertTrue(log.contains("[leader] closing link to n2: send queue full (128 MiB unsent): peer is not reading"), String.join("\n", log));
        assertTrue(log.contains("[leader] follower n2 disconnected (link reset)"), String.join("\n", log));
        assertEquals(1, log.stream().filter(l -> l.contains("send queue full")).count(), "the reset is logged once");
        assertFalse(link.send(new Message.Heartbeat("n1", 1, 0, 1)), "a reset link drops messages until it reconnects");
    }

    @Test
    void messagesFromTwoThreadsArriveCompleteAndInEachThreadsOrder() throws Exception {
        ServerSocket server = listen();
        PeerLink link = link(server);
        InputStream in = acceptAsN2(server);
        awaitUp(link);
        int perThread = 10_000;
        byte[] value = new byte[4096];
        CountDownLatch bothSent = new CountDownLatch(2);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // One thread batches as the raft loop does (enqueue, then one flush), the other sends one at a time as the snapshot threads do.
        Thread batching = new Thread(() -> {
            try {
                for (int i = 0; i < perThread; i++) {
                    Entry e = new Entry(1, i, EntryType.PUT, new byte[8], value);
                    assertTrue(link.enqueue(new Message.Append("n1", 1, i - 1, 1, 0, i, List.of(e))));
                    if (i % 10 == 9) link.flush();
                }
                link.flush();
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                bothSent.countDown();
            }
        });
        Thread single = new Thread(() -> {
            try {
                for (int i = 0; i < perThread; i++) assertTrue(link.send(new Message.Heartbeat("n1", 1, 0, i)));
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                bothSent.countDown();
            }
        });
        batching.start();
        single.start();
        // Nothing is read until both have sent everything: their writes fill the socket and the link's thread finishes them.
        assertTrue(bothSent.await(60, TimeUnit.SECONDS), "senders blocked");
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(link.unsentBytes() > 0, "the socket took 40 MiB without anybody reading");
        long nextLsn = 0, nextSeq = 0;
        while (nextLsn < perThread || nextSeq < perThread) {
            Message m = PeerCodec.decode("n1", Frame.read(in, PeerCodec.MAX_FRAME));
            if (m instanceof Message.Append a) {
                assertEquals(nextLsn++, a.entries().get(0).lsn());
                assertEquals(value.length, a.entries().get(0).value().length);
            } else {
                assertEquals(nextSeq++, ((Message.Heartbeat) m).seq());
            }
        }
        assertEquals(0, link.unsentBytes());
        assertTrue(link.connected());
        assertTrue(events.isEmpty(), "no reconnect on the way: " + events);
    }
}
