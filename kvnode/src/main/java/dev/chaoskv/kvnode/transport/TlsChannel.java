package dev.chaoskv.kvnode.transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * TLS over a byte channel with the JDK's {@link SSLEngine}, for non-blocking channels (a read or
 * write that cannot go on returns instead of waiting) and blocking ones alike. The handshake runs
 * inside {@link #read} and {@link #write}; ciphertext the channel did not take is kept and pushed
 * by {@link #flush}; buffers grow when the engine asks for more room; {@link #close} sends
 * close_notify, and the other side's close_notify makes {@link #read} return -1. Delegated tasks
 * run on the calling thread (a handshake's signature checks take about a millisecond).
 * Not thread-safe: one thread at a time, as for a channel.
 */
public final class TlsChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private ReadableByteChannel netIn;
    private WritableByteChannel netOut;
    private Runnable wantWrite = () -> { };
    /** Ciphertext read and not yet unwrapped (write mode). */
    private ByteBuffer inNet;
    /** Plaintext unwrapped and not yet returned (read mode). */
    private ByteBuffer inApp;
    /** Ciphertext wrapped and not yet written (read mode). */
    private ByteBuffer outNet;
    private boolean inboundClosed;
    private boolean begun;

    public TlsChannel(SSLEngine engine, ReadableByteChannel netIn, WritableByteChannel netOut) {
        this(engine, netIn, netOut, engine.getSession().getPacketBufferSize(), engine.getSession().getApplicationBufferSize());
    }

    /** With initial buffer sizes of the caller's choice (the buffers grow as needed). */
    TlsChannel(SSLEngine engine, ReadableByteChannel netIn, WritableByteChannel netOut, int netBufferBytes, int appBufferBytes) {
        this.engine = engine;
        this.netIn = netIn;
        this.netOut = netOut;
        this.inNet = ByteBuffer.allocate(netBufferBytes);
        this.inApp = ByteBuffer.allocate(appBufferBytes).flip();
        this.outNet = ByteBuffer.allocate(netBufferBytes).flip();
    }

    public SSLEngine engine() {
        return engine;
    }

    /** Called when ciphertext waits for the channel to become writable (a non-blocking channel's OP_WRITE). */
    public void onWantWrite(Runnable r) {
        this.wantWrite = r;
    }

    /** Bytes already read from the network before this channel existed (a sniffed first byte); they are unwrapped first. */
    public void feed(ByteBuffer ciphertext) {
        inNet = room(inNet, ciphertext.remaining());
        inNet.put(ciphertext);
    }

    /** Continues the same TLS session over other channels (a connection moving from a selector to a blocking thread). */
    public void rebind(ReadableByteChannel in, WritableByteChannel out) {
        this.netIn = in;
        this.netOut = out;
    }

    /** Whether the handshake is over. */
    public boolean handshakeDone() {
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        return hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || hs == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /**
     * Reads plaintext into {@code dst}, as much as is at hand: the bytes read, 0 if none are
     * available now, -1 once the other side closed (close_notify, or the connection ended).
     * Handshake failures are SSLExceptions. Once it returned fewer bytes than {@code dst} had room
     * for, nothing complete is left buffered here: only the channel becoming readable brings more.
     */
    public int read(ByteBuffer dst) throws IOException {
        begin();
        int total = 0;
        while (dst.hasRemaining()) {
            if (inApp.hasRemaining()) {
                total += transfer(inApp, dst);
                continue;
            }
            if (inboundClosed) return total > 0 ? total : -1;
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
                if (!flush()) {
                    wantWrite.run();
                    return total;
                }
                continue;
            }
            inNet.flip();
            inApp.clear();
            SSLEngineResult r;
            try {
                r = engine.unwrap(inNet, inApp);
            } finally {
                inNet.compact();
                inApp.flip();
            }
            switch (r.getStatus()) {
                case OK -> {
                }
                case CLOSED -> {
                    inboundClosed = true;
                    if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        wrap(EMPTY); // our close_notify in answer
                        flush();
                    }
                }
                case BUFFER_OVERFLOW -> inApp = ByteBuffer.allocate(Math.max(inApp.capacity() * 2, engine.getSession().getApplicationBufferSize())).flip();
                case BUFFER_UNDERFLOW -> {
                    // Only a partial record is left: hand over what we have rather than wait (a blocking channel would).
                    if (total > 0) return total;
                    inNet = room(inNet, engine.getSession().getPacketBufferSize() - inNet.position());
                    int n = netIn.read(inNet);
                    if (n < 0) {
                        inboundClosed = true;
                        // Ended without close_notify: the engine calls that a truncation; for the caller it is the end.
                        try {
                            engine.closeInbound();
                        } catch (SSLException truncated) {
                            // see above
                        }
                        return -1;
                    }
                    if (n == 0) return 0;
                }
            }
        }
        return total;
    }

    /** Whether bytes are buffered here (plaintext, or ciphertext read from the channel) that a read would see without the channel becoming readable. */
    public boolean hasBufferedInput() {
        return inApp.hasRemaining() || inNet.position() > 0;
    }

    /** This channel as a blocking input stream (over a blocking channel, see {@link #rebind}). */
    public InputStream asInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                int n;
                do {
                    n = TlsChannel.this.read(ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
    }

    /** This channel as a blocking output stream (over a blocking channel, see {@link #rebind}). */
    public OutputStream asOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                TlsChannel.this.write(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /**
     * Wraps {@code srcs[0..n)} whole and writes as much ciphertext as the channel takes; returns
     * whether nothing is left unsent (else call {@link #flush} when the channel is writable).
     */
    public boolean write(ByteBuffer[] srcs, int n) throws IOException {
        begin();
        for (int i = 0; i < n; i++) {
            do {
                wrap(srcs[i]);
            } while (srcs[i].hasRemaining());
        }
        return flush();
    }

    public boolean write(ByteBuffer src) throws IOException {
        begin();
        do {
            wrap(src);
        } while (src.hasRemaining());
        return flush();
    }

    /** Writes kept ciphertext; returns whether all of it went out. */
    public boolean flush() throws IOException {
        while (outNet.hasRemaining()) {
            if (netOut.write(outNet) == 0) return false;
        }
        return true;
    }

    /** Ciphertext not yet taken by the channel. */
    public int unsentBytes() {
        return outNet.remaining();
    }

    /** Sends close_notify as far as the channel takes it now; the caller closes the channel. */
    public void close() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            if (wrap(EMPTY).bytesProduced() == 0) break;
        }
        flush();
    }

    /** One wrap of {@code src} into the kept ciphertext, room made as needed; runs the tasks the handshake asks for. */
    private SSLEngineResult wrap(ByteBuffer src) throws IOException {
        int need = engine.getSession().getPacketBufferSize();
        while (true) {
            outNet.compact();
            outNet = room(outNet, need);
            SSLEngineResult r;
            try {
                r = engine.wrap(src, outNet);
            } finally {
                outNet.flip();
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
            switch (r.getStatus()) {
                case OK:
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && src.hasRemaining()
                            && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
                        throw new SSLException("cannot send data before the TLS handshake is done (read first)");
                    }
                    return r;
                case BUFFER_OVERFLOW:
                    need *= 2;
                    continue;
                case CLOSED:
                    if (src.hasRemaining()) throw new SSLException("TLS connection closed: cannot send more");
                    return r;
                default:
                    throw new SSLException("unexpected wrap result " + r);
            }
        }
    }

    /** The engine's handshake starts on the first read or write (a client's first flight is its hello). */
    private void begin() throws SSLException {
        if (begun) return;
        begun = true;
        engine.beginHandshake();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    /** {@code b} (write mode) with at least {@code free} bytes free: the same buffer, or a larger copy. */
    private static ByteBuffer room(ByteBuffer b, int free) {
        if (b.remaining() >= free) return b;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + free));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private static int transfer(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        if (n == from.remaining()) {
            to.put(from);
        } else {
            ByteBuffer slice = from.slice().limit(n);
            to.put(slice);
            from.position(from.position() + n);
        }
        return n;
    }
}
