package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.FrameDecoder;
import dev.chaoskv.client.protocol.FrameTooLargeException;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.ResponseCodec;
import dev.chaoskv.kvnode.transport.PeerCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client connection on an {@link IoLoop}: cuts requests out of the bytes read, hands each to
 * the node with a {@link Reply}, and writes the answers back in request order, as many as are
 * ready in one gathering write. A client may pipeline requests; each one's answer waits only for
 * the answers before it. Everything here runs on the loop's thread, or on the raft loop's while it
 * holds the loop's turn to write answers; {@link Reply#complete} may be called from any thread and
 * only marks the session as having answers to write.
 */
final class ClientSession {
    /** Requests in flight on one connection beyond which it is not read until answers drain. */
    static final int MAX_IN_FLIGHT = 1024;
    /** Answers in one gathering write at most. */
    private static final int WRITE_BATCH = 64;

    private final IoLoop loop;
    private final ConnectionIo io;
    private final SelectionKey key;
    private final String who;
    private final FrameDecoder decoder;
    private final RequestHandler handler;
    private final ArrayDeque<Reply> inOrder = new ArrayDeque<>();
    /** Whether the session is already in its loop's queue of sessions with answers to write. */
    final AtomicBoolean queued = new AtomicBoolean();
    private boolean sawFirstFrame;
    private boolean inputEnded;
    private boolean closeWhenDrained;
    private boolean closed;

    ClientSession(IoLoop loop, ConnectionIo io, SelectionKey key, String who, int maxFrameLength, RequestHandler handler) {
        this.loop = loop;
        this.io = io;
        this.key = key;
        this.who = who;
        this.decoder = new FrameDecoder(maxFrameLength);
        this.handler = handler;
    }

    /** What the server does with a decoded request: start it, completing {@code reply} when answered. */
    interface RequestHandler {
        /** Decodes {@code f}; a ProtocolException is answered ERROR and the session continues. */
        Request decode(Frame f) throws ProtocolException;

        void start(Request request, Reply reply);

        /**
         * The first frame was a peer HANDSHAKE: the connection becomes a replication stream
         * (called once the channel left the selector); {@code rest} holds the bytes read after it.
         */
        void becomePeer(ConnectionIo io, Frame handshake, byte[] rest);

        /** Why a client on this connection is refused (answered ERROR, then closed); null to serve it. */
        String refuseClient(ConnectionIo io);

        void answered(Request request, Response response, long nanos);

        void log(String line);
    }

    /** An answer to one request, completed once by whoever knows it first (the raft loop, a local read, the commit timeout). */
    final class Reply extends CompletableFuture<Response> {
        final Request request;
        final long startNanos;
        final long deadlineNanos;

        Reply(Request request, long startNanos, long deadlineNanos) {
            this.request = request;
            this.startNanos = startNanos;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public boolean complete(Response r) {
            if (!super.complete(r)) return false;
            loop.answerReady(ClientSession.this);
            return true;
        }
    }

    // ------------------------------------------------------------------ reading

    /** The channel is readable: reads through {@code buf} (the loop's, shared) and starts every complete request. */
    void onReadable(ByteBuffer buf) throws IOException {
        while (!closeWhenDrained && inOrder.size() < MAX_IN_FLIGHT) {
            buf.clear();
            int n = io.read(buf);
            if (n < 0) {
                endOfInput();
                return;
            }
            if (n == 0) return;
            buf.flip();
            if (!consume(buf)) return;
            if (n < buf.capacity()) return;
        }
        // Too many unanswered requests: stop reading until the answers drain (TCP pushes back on the client).
        if (!closeWhenDrained) key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
    }

    /** Starts every complete frame in {@code buf}; false if the connection stopped being a client session. */
    private boolean consume(ByteBuffer buf) {
        while (buf.hasRemaining() && !closeWhenDrained) {
            Frame f;
            try {
                f = decoder.next(buf);
            } catch (FrameTooLargeException e) {
                handler.log("[client " + who + "] " + e.getMessage() + "; replying ERROR and closing the connection");
                answerAndClose(e.getMessage());
                return true;
            } catch (ProtocolException e) {
                handler.log("[client " + who + "] " + e.getMessage() + "; closing connection");
                answerAndClose(e.getMessage());
                return true;
            }
            if (f == null) return true;
            if (!sawFirstFrame) {
                sawFirstFrame = true;
                if (f.type() == PeerCodec.HANDSHAKE) {
                    closed = true;
                    key.cancel();
                    byte[] rest = new byte[buf.remaining()];
                    buf.get(rest);
                    loop.afterDeregistration(() -> handler.becomePeer(io, f, rest));
                    return false;
                }
                String refusal = handler.refuseClient(io);
                if (refusal != null) {
                    answerAndClose(refusal);
                    return true;
                }
            }
            start(f);
        }
        return true;
    }

    private void start(Frame f) {
        long now = System.nanoTime();
        Request request;
        try {
            request = handler.decode(f);
        } catch (ProtocolException e) {
            handler.log("[client " + who + "] bad request: " + e.getMessage());
            Reply r = new Reply(null, now, Long.MAX_VALUE);
            inOrder.add(r);
            r.complete(new Response.Error(e.getMessage()));
            return;
        }
        Reply r = new Reply(request, now, now + loop.commitTimeoutNanos());
        inOrder.add(r);
        handler.start(request, r);
    }

    /** An unframeable stream cannot be resynchronised: answer ERROR after the answers owed, then close. */
    private void answerAndClose(String message) {
        Reply r = new Reply(null, System.nanoTime(), Long.MAX_VALUE);
        inOrder.add(r);
        closeWhenDrained = true;
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        r.complete(new Response.Error(message));
    }

    private void endOfInput() throws IOException {
        String cut = decoder.cutShort();
        if (cut != null) {
            handler.log("[client " + who + "] " + cut + "; closing connection");
            close();
            return;
        }
        // The client may have half-closed after its last request: answer what it asked, then close.
        inputEnded = true;
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        if (inOrder.isEmpty()) close();
    }

    // ------------------------------------------------------------------ writing

    /** Writes the answers that are ready, in request order, batched into gathering writes. */
    void writeAnswers(ByteBuffer[] scratch) throws IOException {
        if (closed) return;
        if (io.unsentBytes() > 0) return; // waiting for OP_WRITE; that turn writes the rest
        boolean allOut = true;
        while (!inOrder.isEmpty() && inOrder.peekFirst().isDone()) {
            int n = 0;
            while (n < Math.min(WRITE_BATCH, scratch.length) && !inOrder.isEmpty() && inOrder.peekFirst().isDone()) {
                Reply r = inOrder.pollFirst();
                Response resp = r.join();
                handler.answered(r.request, resp, System.nanoTime() - r.startNanos);
                scratch[n++] = ResponseCodec.encode(resp).toBuffer();
            }
            allOut = io.write(scratch, n);
            java.util.Arrays.fill(scratch, 0, n, null);
            if (!allOut) break;
        }
        afterWrite(allOut);
    }

    /** The channel is writable again after a short write. */
    void onWritable(ByteBuffer[] scratch) throws IOException {
        if (!io.flush()) return;
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        writeAnswers(scratch);
    }

    private void afterWrite(boolean allOut) throws IOException {
        if (!allOut) {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            return;
        }
        if (inOrder.isEmpty() && (closeWhenDrained || inputEnded)) {
            close();
            return;
        }
        if (!closeWhenDrained && !inputEnded && inOrder.size() < MAX_IN_FLIGHT / 2 && (key.interestOps() & SelectionKey.OP_READ) == 0) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
            // Requests TLS already decrypted make the socket no more readable: read them now (rare: after a pause).
            if (io.hasBufferedInput()) onReadable(ByteBuffer.allocate(64 * 1024));
        }
    }

    /** Answers TIMEOUT to the requests whose commit timeout passed; the oldest come first. */
    void expire(long nowNanos, int commitTimeoutMs) {
        for (Reply r : inOrder) {
            if (r.isDone()) continue;
            if (r.deadlineNanos > nowNanos) break;
            r.complete(timeout(r.request, commitTimeoutMs));
        }
    }

    private static Response timeout(Request request, int commitTimeoutMs) {
        if (request instanceof Request.Status) return new Response.Error("status unavailable: not answered within " + commitTimeoutMs + " ms");
        if (request instanceof Request.Get) return new Response.Timeout("read not answered within " + commitTimeoutMs + " ms");
        if (request instanceof Request.Dump) return new Response.Timeout("dump not answered within " + commitTimeoutMs + " ms");
        return new Response.Timeout("not committed within " + commitTimeoutMs + " ms; the write may or may not take effect");
    }

    boolean closed() {
        return closed;
    }

    /** The key's interest set; -1 once the key is cancelled. */
    int interestOps() {
        try {
            return key.interestOps();
        } catch (CancelledKeyException e) {
            return -1;
        }
    }

    void close() {
        if (closed) return;
        closed = true;
        key.cancel();
        try {
            io.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        loop.sessionClosed();
    }
}
