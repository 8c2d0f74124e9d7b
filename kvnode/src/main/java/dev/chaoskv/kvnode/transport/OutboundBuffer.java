package dev.chaoskv.kvnode.transport;

import dev.chaoskv.raft.Message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Frames encoded for one link and not yet taken by its socket: messages are encoded straight in
 * at the end (no buffer per message), writes take bytes from the front. The space before the
 * front is reclaimed when it is at least as large as what is left to move, so each byte is moved
 * at most about once; a buffer grown for a backlog is given back once it drains.
 * Not thread-safe: its owner locks.
 */
final class OutboundBuffer {
    static final int INITIAL_BYTES = 64 << 10;
    /** A drained buffer larger than this (a backlog, a snapshot chunk) is replaced by a small one. */
    static final int KEEP_BYTES = 4 << 20;
    /**
     * At most this much per write call: a heap buffer is copied into a temporary direct buffer of
     * the write's size, which the JDK keeps per thread, so an unbounded write would pin a backlog's
     * worth of native memory on the raft loop's thread.
     */
    static final int MAX_WRITE_BYTES = 1 << 20;

    /** Unsent bytes are [head, buf.position()). */
    private ByteBuffer buf = ByteBuffer.allocate(INITIAL_BYTES);
    private ByteBuffer reader = buf.duplicate();
    private int head;

    int size() {
        return buf.position() - head;
    }

    boolean isEmpty() {
        return buf.position() == head;
    }

    int capacity() {
        return buf.capacity();
    }

    void append(Message m) {
        int need = PeerCodec.frameBound(m);
        if (buf.remaining() < need) makeRoom(need);
        PeerCodec.writeFrame(m, buf);
    }

    /**
     * Writes from the front until the channel takes less than it was offered (a non-blocking
     * socket that is full) or nothing is left; returns the bytes written.
     */
    long writeTo(WritableByteChannel channel) throws IOException {
        long written = 0;
        while (!isEmpty()) {
            int offered = Math.min(size(), MAX_WRITE_BYTES);
            reader.limit(head + offered).position(head);
            int n = channel.write(reader);
            head += n;
            written += n;
            if (n < offered) break;
        }
        if (isEmpty()) clear();
        return written;
    }

    void clear() {
        if (buf.capacity() > KEEP_BYTES) {
            buf = ByteBuffer.allocate(INITIAL_BYTES);
            reader = buf.duplicate();
        }
        buf.clear();
        head = 0;
    }

    private void makeRoom(int need) {
        int live = size();
        if (head >= live && buf.capacity() - live >= need) {
            System.arraycopy(buf.array(), head, buf.array(), 0, live);
        } else {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(live + need, buf.capacity() * 2));
            System.arraycopy(buf.array(), head, bigger.array(), 0, live);
            buf = bigger;
            reader = buf.duplicate();
        }
        buf.position(live);
        head = 0;
    }
}
