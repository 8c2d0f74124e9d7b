package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.raft.Message;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames go out complete and in order however little the channel takes per write, and the buffer shrinks after a backlog. */
class OutboundBufferTest {

    /** Drains {@code pipe} into {@code sink}. */
    private static void drain(TlsChannelTest.MemoryPipe pipe, ByteArrayOutputStream sink) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        int n;
        while ((n = pipe.read(b)) > 0) {
            sink.write(b.array(), 0, n);
            b.clear();
        }
    }

    @Test
    void framesComeOutInOrderThroughAChannelThatTakesLittle() throws Exception {
        OutboundBuffer buf = new OutboundBuffer();
        TlsChannelTest.MemoryPipe pipe = new TlsChannelTest.MemoryPipe(1000, 4096);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] data = new byte[4000];
        int sent = 0;
        for (int round = 0; round < 200; round++) {
            // Appends interleaved with partial writes: the buffer compacts and grows under a backlog.
            for (int i = 0; i < 50; i++) {
                buf.append(sent % 7 == 0 ? new Message.SnapshotChunk("n1", 1, 1, 1, sent, data, false, 0, 0)
                        : new Message.Heartbeat("n1", 1, 1, sent));
                sent++;
            }
            buf.writeTo(pipe);
            drain(pipe, received);
        }
        while (!buf.isEmpty()) {
            assertTrue(buf.writeTo(pipe) > 0);
            drain(pipe, received);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(received.toByteArray());
        for (int i = 0; i < sent; i++) {
            Message m = PeerCodec.decode("n1", Frame.read(in, PeerCodec.MAX_FRAME));
            long seq = m instanceof Message.SnapshotChunk c ? c.offset() : ((Message.Heartbeat) m).seq();
            assertEquals(i, seq);
        }
        assertNull(Frame.read(in, PeerCodec.MAX_FRAME));
        assertEquals(OutboundBuffer.INITIAL_BYTES, buf.capacity(), "a drained backlog gives its memory back");
    }
}
