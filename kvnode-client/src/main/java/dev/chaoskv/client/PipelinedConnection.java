package dev.chaoskv.client;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.RequestCodec;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.client.protocol.ResponseCodec;

import dev.chaoskv.common.tls.TlsSockets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to a node with up to {@code window} requests in flight. The node answers a
 * connection's requests in the order they were sent (docs/protocol.md), so answers are matched
 * to requests by position. A synchronous caller reads its own answer on its own thread (no
 * hand-off); once {@link #submit} is used, a reader thread completes the futures. Any network or
 * framing failure closes the connection and fails every request in flight with a
 * {@link KvClientException} saying the outcome is unknown.
 */
final class PipelinedConnection implements AutoCloseable {
    /** Response frames can carry a whole-state dump, so they get a generous bound. */
    private static final int MAX_RESPONSE_FRAME = 512 << 20;

    private record InFlight(CompletableFuture<Response> answer, long sentNanos) {
    }

    private final InetSocketAddress target;
    private final Duration timeout;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Semaphore window;
    /** In the order the requests went on the wire; guarded by {@code this}. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final ReentrantLock readLock = new ReentrantLock();
    private volatile Thread reader;
    private volatile KvClientException broken;
    private final boolean tls;
    /** Whether an answer arrived on this connection: before one, a TLS node may still refuse it (TLS 1.3 says so at the first read). */
    private volatile boolean answered;

    private PipelinedConnection(InetSocketAddress target, Duration timeout, Socket socket, int window, boolean tls) throws IOException {
        this.tls = tls;
        this.target = target;
        this.timeout = timeout;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.window = new Semaphore(window);
    }

    /** @param tls TLS over the connection (see {@link TlsSockets#client}); null: plaintext */
    static PipelinedConnection open(InetSocketAddress target, Duration connectTimeout, Duration timeout, int window, SSLContext tls) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target, (int) connectTimeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            Socket io = tls == null ? s : TlsSockets.client(tls, s, target.getHostString(), target.getPort());
            return new PipelinedConnection(target, timeout, io, window, tls != null);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    boolean broken() {
        return broken != null;
    }

    /** Sends {@code req} and waits for its answer, reading it on this thread unless a reader thread runs. */
    Response call(Request req) throws KvClientException {
        CompletableFuture<Response> answer = send(req);
        while (!answer.isDone() && reader == null) {
            try {
                if (!readLock.tryLock(10, TimeUnit.MILLISECONDS)) continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvClientException("interrupted waiting for " + target, true, e);
            }
            try {
                // Answers come in order: whoever holds the lock reads until its own is in,
                // completing the earlier ones (another synchronous caller's) on the way.
                while (!answer.isDone()) readOne(false);
            } finally {
                readLock.unlock();
            }
        }
        return await(answer);
    }

    /** Sends {@code req} without waiting; blocks while the window is full. Starts the reader thread on first use. */
    CompletableFuture<Response> submit(Request req) {
        if (reader == null) startReader();
        try {
            return send(req);
        } catch (KvClientException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized void startReader() {
        if (reader != null) return;
        Thread t = new Thread(this::readLoop, "kvclient-reader-" + target.getPort());
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private CompletableFuture<Response> send(Request req) throws KvClientException {
        try {
            if (!window.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new KvClientException("no room in the request window to " + target + " within " + timeout.toMillis() + " ms", false, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvClientException("interrupted before sending to " + target, false, e);
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        synchronized (this) {
            if (broken != null) {
                window.release();
                throw new KvClientException("connection to " + target + " is closed: " + broken.getMessage(), false, broken);
            }
            inFlight.add(new InFlight(answer, System.nanoTime()));
            try {
                RequestCodec.encode(req).write(out);
                out.flush();
            } catch (IOException e) {
                // A write that fails leaves at most part of the frame, which the node cannot
                // act on: this request definitely did not happen; those before it may have.
                inFlight.removeLast();
                window.release();
                fail(new KvClientException("connection to " + target + ": " + e.getMessage() + tlsHint(), true, e));
                throw new KvClientException("cannot reach " + target + ": " + e.getMessage() + tlsHint(), false, e);
            }
        }
        return answer;
    }

    private Response await(CompletableFuture<Response> answer) throws KvClientException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KvClientException k) throw k;
            throw new KvClientException("request to " + target + " failed: " + e.getCause(), true, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvClientException("interrupted waiting for " + target, true, e);
        }
    }

    private void readLoop() {
        readLock.lock();
        try {
            while (broken == null) readOne(true);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Reads one answer and completes the oldest request with it; on failure fails them all. The
     * reader thread's read timeout only counts while a request is waiting longer than the timeout.
     */
    private void readOne(boolean readerThread) {
        try {
            Frame f = Frame.read(in, MAX_RESPONSE_FRAME);
            if (f == null) throw new IOException("server closed the connection");
            Response r = ResponseCodec.decode(f);
            InFlight head;
            synchronized (this) {
                head = inFlight.poll();
            }
            if (head == null) throw new ProtocolException("an answer arrived for no request");
            window.release();
            answered = true;
            head.answer().complete(r);
        } catch (SocketTimeoutException e) {
            InFlight oldest;
            synchronized (this) {
                oldest = inFlight.peek();
            }
            if (readerThread && (oldest == null || System.nanoTime() - oldest.sentNanos() < timeout.toNanos())) return;
            fail(new KvClientException("no response from " + target + " within " + timeout.toMillis() + " ms", true, e));
        } catch (SSLHandshakeException e) {
            // The node refused this connection before reading any request (a client certificate it requires or does not accept).
            fail(new KvClientException("TLS handshake with " + target + " failed: " + e.getMessage(), false, e));
        } catch (ProtocolException e) {
            fail(new KvClientException("bad response from " + target + ": " + e.getMessage(), true, e));
        } catch (IOException e) {
            fail(new KvClientException("connection to " + target + ": " + e.getMessage() + tlsHint(), true, e));
        }
    }

    private String tlsHint() {
        return tls && !answered ? " (the node ended the TLS connection before its first answer; its log says why,"
                + " e.g. a client certificate it requires or does not accept)" : "";
    }

    /** Closes the connection and fails every request in flight with {@code why}. */
    private void fail(KvClientException why) {
        ArrayDeque<InFlight> failed;
        synchronized (this) {
            if (broken == null) broken = why;
            failed = new ArrayDeque<>(inFlight);
            inFlight.clear();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (InFlight f : failed) {
            window.release();
            f.answer().completeExceptionally(why);
        }
    }

    @Override
    public void close() {
        fail(new KvClientException("connection to " + target + " closed by the client", true, null));
    }
}
