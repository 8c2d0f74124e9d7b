package dev.chaoskv.kvnode.server;

import dev.chaoskv.common.tls.TlsSockets;
import dev.chaoskv.kvnode.transport.TlsChannel;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The bytes of one client connection: the only code that reads from or writes to its
 * non-blocking channel. Everything above it sees plaintext. The first byte read tells TLS from
 * plaintext ({@link TlsSockets#HANDSHAKE_RECORD}); a TLS connection goes through a
 * {@link TlsChannel} from then on (it unwraps into {@code dst}, wraps what it is given and keeps
 * the ciphertext the socket did not take), a plaintext one straight to the channel. What the
 * socket does not take now is kept here (copied out of the caller's buffers, which may be
 * reused) until the channel is writable again.
 */
class ConnectionIo {
    private final SocketChannel channel;
    private final PortTls portTls;
    private final Runnable wantWrite;
    private final Consumer<String> refused;
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    private long unsentBytes;
    private boolean sniffed;
    private TlsChannel tls;

    /** A plaintext-only connection. */
    ConnectionIo(SocketChannel channel) {
        this(channel, null, () -> { }, reason -> { });
    }

    /**
     * @param portTls   what TLS the port serves (null: none)
     * @param wantWrite asks for OP_WRITE (TLS handshake bytes wait for the socket)
     * @param refused   told why a TLS connection is refused or its handshake failed, before it is closed
     */
    ConnectionIo(SocketChannel channel, PortTls portTls, Runnable wantWrite, Consumer<String> refused) {
        this.channel = channel;
        this.portTls = portTls;
        this.wantWrite = wantWrite;
        this.refused = refused;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The TLS session of this connection, or null if it speaks plaintext. */
    TlsChannel tls() {
        return tls;
    }

    SSLSession tlsSession() {
        return tls == null ? null : tls.engine().getSession();
    }

    /** Reads what has arrived into {@code dst}: bytes read, 0 if none, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        if (tls != null) return readTls(dst);
        if (sniffed) return channel.read(dst);
        return firstRead(dst);
    }

    private int firstRead(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = channel.read(dst);
        if (n <= 0) return n;
        sniffed = true;
        if ((dst.get(start) & 0xff) != TlsSockets.HANDSHAKE_RECORD) return n;
        String refusal = portTls == null ? "it speaks TLS, and this node serves no TLS (--client-tls off, --peer-tls off)" : portTls.refuseTls();
        if (refusal != null) {
            refused.accept(refusal);
            throw new SSLException(refusal);
        }
        ByteBuffer hello = ByteBuffer.allocate(n);
        hello.put(dst.duplicate().position(start).limit(start + n)).flip();
        dst.position(start);
        tls = new TlsChannel(portTls.engine(), channel, channel);
        tls.onWantWrite(wantWrite);
        tls.feed(hello);
        return readTls(dst);
    }

    private int readTls(ByteBuffer dst) throws IOException {
        try {
            return tls.read(dst);
        } catch (SSLException e) {
            refused.accept(e.getMessage());
            throw e;
        }
    }

    /** Whether plaintext is buffered here that a read returns without the socket becoming readable (TLS only). */
    boolean hasBufferedInput() {
        return tls != null && tls.hasBufferedInput();
    }

    /**
     * Writes {@code srcs[0..n)} in one gathering write, as far as the socket takes them, and keeps
     * the rest; returns whether nothing is left unsent. Behind unsent bytes, new ones only queue.
     */
    boolean write(ByteBuffer[] srcs, int n) throws IOException {
        if (tls != null) return tls.write(srcs, n);
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
        if (tls != null) return tls.flush();
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
        return tls != null ? tls.unsentBytes() : unsentBytes;
    }

    void close() throws IOException {
        if (tls != null) {
            try {
                tls.close(); // close_notify, as far as the socket takes it now
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        channel.close();
    }
}
