package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.kvnode.transport.PeerCodec;
import dev.chaoskv.raft.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raft loop's side of a peer's plaintext stream, on a real loopback connection. */
class InboundStreamTest {
    private static final Message A = new Message.Heartbeat("n2", 3, 10, 1);
    private static final Message B = new Message.AppendResp("n2", 3, true, 42, 0, 0);

    private SocketChannel sender;
    private SocketChannel receiver;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sender = SocketChannel.open(server.getLocalAddress());
            receiver = server.accept();
        }
        receiver.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        sender.close();
        receiver.close();
    }

    @Test
    void theBytesTheHandshakeReadAheadComeFirstAndAFrameMaySpanBoth() throws Exception {
        byte[] a = bytes(A);
        byte[] b = bytes(B);
        byte[] ahead = new byte[a.length + 3];
        System.arraycopy(a, 0, ahead, 0, a.length);
        System.arraycopy(b, 0, ahead, a.length, 3);
        sender.write(ByteBuffer.wrap(Arrays.copyOfRange(b, 3, b.length)));
        InboundStream s = new InboundStream("n2", receiver, ahead, () -> true);

        List<Message> out = readUntil(s, 2);

        assertEquals(List.of(A, B), out);
    }

    @Test
    void aStreamCutInsideAFrameEndsSayingSo() throws Exception {
        byte[] b = bytes(B);
        sender.write(ByteBuffer.wrap(Arrays.copyOf(b, b.length - 2)));
        sender.close();
        InboundStream s = new InboundStream("n2", receiver, new byte[0], () -> true);

        EOFException e = assertThrows(EOFException.class, () -> readUntil(s, 1));
        assertEquals("stream ended after " + (b.length - 7) + " of " + (b.length - 5) + " payload bytes", e.getMessage());
    }

    @Test
    void aFrameThatIsNoPeerMessageIsAProtocolError() throws Exception {
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        new Frame(0x7f, new byte[]{1, 2, 3}).write(bad);
        sender.write(ByteBuffer.wrap(bad.toByteArray()));
        InboundStream s = new InboundStream("n2", receiver, new byte[0], () -> true);

        assertThrows(ProtocolException.class, () -> readUntil(s, 1));
    }

    @Test
    void closingEndsTheConnectionOnceAndTellsWhetherItWasThePeersCurrentOne() {
        AtomicInteger ended = new AtomicInteger();
        InboundStream s = new InboundStream("n2", receiver, new byte[0], () -> ended.incrementAndGet() == 1);

        assertTrue(s.close());
        assertFalse(s.close(), "a second close is not a second end");
        assertEquals(1, ended.get());
    }

    /** Reads as the raft loop does: whenever the selector says the stream is readable. */
    private List<Message> readUntil(InboundStream s, int count) throws Exception {
        List<Message> out = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            receiver.register(selector, SelectionKey.OP_READ);
            s.read(buf, out); // the bytes read ahead need no readiness
            while (out.size() < count) {
                if (selector.select(5000) == 0) throw new AssertionError("only " + out + " arrived within 5 s");
                selector.selectedKeys().clear();
                s.read(buf, out);
            }
        }
        return out;
    }

    private static byte[] bytes(Message m) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PeerCodec.encode(m).write(b);
        return b.toByteArray();
    }
}
