package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.FrameDecoder;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.kvnode.transport.PeerCodec;
import dev.chaoskv.raft.Message;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A peer's authenticated plaintext replication stream to this node, read by the raft loop itself
 * (non-blocking) once the handshake is done. A TLS stream keeps a reader thread instead.
 */
final class InboundStream {
    /** Bytes read from one stream per loop turn at most, so that one busy peer cannot starve the rest. */
    private static final int READ_PER_TURN = 256 * 1024;

    private final String peer;
    private final SocketChannel channel;
    private final FrameDecoder decoder = new FrameDecoder(PeerCodec.MAX_FRAME);
    private ByteBuffer ahead;
    private final BooleanSupplier ended;
    private boolean closed;

    /**
     * @param ahead bytes of the stream already read during the handshake, to be decoded first
     * @param ended closes the connection and says whether it was the peer's current one (a newer one replaces an older)
     */
    InboundStream(String peer, SocketChannel channel, byte[] ahead, BooleanSupplier ended) {
        this.peer = peer;
        this.channel = channel;
        this.ahead = ByteBuffer.wrap(ahead);
        this.ended = ended;
    }

    String peer() {
        return peer;
    }

    SocketChannel channel() {
        return channel;
    }

    /**
     * Adds to {@code out} the messages that arrived, reading through {@code buf}: first the bytes
     * the handshake read ahead, then what the socket has, up to a turn's share.
     *
     * @throws EOFException      the peer closed the stream
     * @throws ProtocolException the peer sent a frame that is not a valid message
     */
    void read(ByteBuffer buf, List<Message> out) throws IOException, ProtocolException {
        if (ahead != null) {
            decode(ahead, out);
            ahead = null;
        }
        int total = 0;
        while (total < READ_PER_TURN) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                String cut = decoder.cutShort();
                throw new EOFException(cut == null ? "stream ended" : cut);
            }
            if (n == 0) return;
            total += n;
            buf.flip();
            decode(buf, out);
            if (buf.limit() < buf.capacity()) return;
        }
    }

    private void decode(ByteBuffer in, List<Message> out) throws ProtocolException {
        Frame f;
        while ((f = decoder.next(in)) != null) out.add(PeerCodec.decode(peer, f));
    }

    /** Closes the connection (once); true if it was the peer's current stream, whose end means the peer went away. */
    boolean close() {
        if (closed) return false;
        closed = true;
        return ended.getAsBoolean();
    }
}
