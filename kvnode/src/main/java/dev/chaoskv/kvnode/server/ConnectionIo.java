package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The bytes of one client connection: the only code that reads from or writes to its
 * non-blocking channel. Everything above it sees plaintext, so this is the seam where an
 * {@code SSLEngine} goes: {@link #read} would unwrap into {@code dst}, {@link #write} wrap what
 * it is given, and {@link #flush} push wrapped bytes the socket did not take. What the socket
 * does not take now is kept here (copied out of the caller's buffers, which may be reused)
 * until the channel is writable again.
 */
class ConnectionIo {
    private final SocketChannel channel;
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private long unsentBytes;

    ConnectionIo(SocketChannel channel) {
        this.channel = channel;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Reads what has arrived into {@code dst}: bytes read, 0 if none, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    /**
     * Writes {@code srcs[0..n)} in one gathering write, as far as the socket takes them, and keeps
     * the rest; returns whether nothing is left unsent. Behind unsent bytes, new ones only queue.
     */
    boolean write(ByteBuffer[] srcs, int n) throws IOException {
        if (unsent.isEmpty()) {
            long want = 0;
            for (int i = 0; i < n; i++) want += srcs[i].remaining();
            long done = 0;
            while (done < want) {
                long w = channel.write(srcs, 0, n);
                if (w <= 0) break;
                done += w;
            }
            if (done == want) return true;
        }
        for (int i = 0; i < n; i++) {
            if (!srcs[i].hasRemaining()) continue;
            ByteBuffer copy = ByteBuffer.allocate(srcs[i].remaining()).put(srcs[i]).flip();
            unsent.add(copy);
            unsentBytes += copy.remaining();
        }
        return false;
    }

    /** Writes kept bytes now that the channel is writable; returns whether all went out. */
    boolean flush() throws IOException {
        while (!unsent.isEmpty()) {
            ByteBuffer[] head = unsent.toArray(new ByteBuffer[0]);
            long w = channel.write(head);
            unsentBytes -= w;
            while (!unsent.isEmpty() && !unsent.peekFirst().hasRemaining()) unsent.pollFirst();
            if (w == 0) return false;
        }
        return true;
    }

    /** Bytes written by the caller that the socket has not taken yet. */
    long unsentBytes() {
        return unsentBytes;
    }

    void close() throws IOException {
        channel.close();
    }
}
