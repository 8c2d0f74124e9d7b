package dev.chaoskv.kvnode.transport;

import dev.chaoskv.common.tls.TlsStores;
import dev.chaoskv.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two SSLEngines against each other in memory, through pipes that take and give few bytes at a time. */
class TlsChannelTest {
    private static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.inTempDir();
    }

    @AfterAll
    static void delete() throws IOException {
        if (pki != null) pki.close();
    }

    /** One direction of a connection in memory: holds at most {@code capacity} bytes and gives at most {@code chunk} per read. */
    static final class MemoryPipe implements ReadableByteChannel, WritableByteChannel {
        private final ByteBuffer buf;
        private final int chunk;
        private boolean closed;

        MemoryPipe(int capacity, int chunk) {
            this.buf = ByteBuffer.allocate(capacity);
            this.chunk = chunk;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), buf.remaining());
            for (int i = 0; i < n; i++) buf.put(src.get());
            return n;
        }

        @Override
        public int read(ByteBuffer dst) {
            buf.flip();
            int n = Math.min(Math.min(buf.remaining(), dst.remaining()), chunk);
            for (int i = 0; i < n; i++) dst.put(buf.get());
            buf.compact();
            return n == 0 && closed ? -1 : n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static SSLContext context(Path certStore) throws IOException {
        return new TlsStores(certStore, pki.trustStore(), pki.passwordFile()).context();
    }

    private static SSLEngine server(boolean needClientAuth) throws IOException {
        SSLEngine e = context(pki.nodeStore()).createSSLEngine();
        e.setUseClientMode(false);
        e.setNeedClientAuth(needClientAuth);
        return e;
    }

    private static SSLEngine client(Path certStore) throws IOException {
        SSLEngine e = context(certStore).createSSLEngine("127.0.0.1", 9001);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        e.setSSLParameters(p);
        return e;
    }

    /** A connection: c2s carries what the client sends, s2c the answers. */
    private record Pair(TlsChannel client, TlsChannel server, MemoryPipe c2s, MemoryPipe s2c) {
    }

    private static Pair connect(SSLEngine client, SSLEngine server, int capacity, int chunk, int initialBuffer) {
        MemoryPipe c2s = new MemoryPipe(capacity, chunk), s2c = new MemoryPipe(capacity, chunk);
        return new Pair(new TlsChannel(client, s2c, c2s, initialBuffer, initialBuffer), new TlsChannel(server, c2s, s2c, initialBuffer, initialBuffer),
                c2s, s2c);
    }

    /** Turns both sides until neither moves; returns what each side read. */
    private static void pump(Pair p, ByteArrayOutputStream atClient, ByteArrayOutputStream atServer) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(100);
        for (int idle = 0; idle < 3; ) {
            boolean moved = false;
            p.client().flush();
            p.server().flush();
            buf.clear();
            int n = p.client().read(buf);
            if (n > 0) atClient.write(buf.array(), 0, n);
            moved |= n > 0;
            buf.clear();
            int m = p.server().read(buf);
            if (m > 0) atServer.write(buf.array(), 0, m);
            moved |= m > 0;
            moved |= p.client().unsentBytes() > 0 || p.server().unsentBytes() > 0;
            idle = moved ? 0 : idle + 1;
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void handshakeAndMegabytesBothWaysThroughTinyReadsAndGrowingBuffers() throws Exception {
        Pair p = connect(client(pki.clientStore()), server(true), 4096, 7, 64);
        ByteArrayOutputStream atClient = new ByteArrayOutputStream(), atServer = new ByteArrayOutputStream();
        // The client speaks first: its reads run the handshake (the server's too, through pump).
        pump(p, atClient, atServer);
        assertTrue(p.client().handshakeDone() && p.server().handshakeDone(), "handshake done");
        assertEquals("CN=chaoskv test client", p.server().engine().getSession().getPeerPrincipal().getName());

        byte[] request = random(1 << 20, 1), answer = random(300_000, 2);
        ByteBuffer req = ByteBuffer.wrap(request), ans = ByteBuffer.wrap(answer);
        assertFalse(p.client().write(new ByteBuffer[]{req}, 1), "a 1 MiB write does not fit a 4 KiB pipe at once");
        p.server().write(ans);
        while (atServer.size() < request.length || atClient.size() < answer.length) {
            p.client().flush();
            p.server().flush();
            pump(p, atClient, atServer);
        }
        assertArrayEquals(request, atServer.toByteArray());
        assertArrayEquals(answer, atClient.toByteArray());
        assertEquals(0, p.client().unsentBytes());
    }

    @Test
    void closeNotifyEndsTheOtherSidesReads() throws Exception {
        Pair p = connect(client(pki.clientStore()), server(false), 64 * 1024, 1 << 20, 16 * 1024 + 512);
        ByteArrayOutputStream atClient = new ByteArrayOutputStream(), atServer = new ByteArrayOutputStream();
        pump(p, atClient, atServer);
        p.client().write(ByteBuffer.wrap("last words".getBytes()));
        p.client().close();
        ByteBuffer buf = ByteBuffer.allocate(100);
        int n;
        while ((n = p.server().read(buf)) > 0) atServer.write(buf.array(), 0, n);
        // the data before close_notify arrives whole, then the end
        buf.clear();
        assertEquals("last words", new String(Arrays.copyOf(atServer.toByteArray(), atServer.size())));
        assertEquals(-1, p.server().read(buf));
        assertEquals(-1, n);
    }

    @Test
    void aConnectionThatEndsWithoutCloseNotifyReadsAsTheEnd() throws Exception {
        Pair p = connect(client(pki.clientStore()), server(false), 64 * 1024, 1 << 20, 16 * 1024 + 512);
        pump(p, new ByteArrayOutputStream(), new ByteArrayOutputStream());
        p.c2s().close();
        assertEquals(-1, p.server().read(ByteBuffer.allocate(10)));
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhenOneIsRequired() throws Exception {
        Pair p = connect(client(null), server(true), 64 * 1024, 1 << 20, 16 * 1024 + 512);
        SSLException e = assertThrows(SSLException.class, () -> pump(p, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("certificate"), e.getMessage());
    }

    @Test
    void aClientRefusesAServerItsAuthorityDidNotSign() throws Exception {
        SSLEngine c = new TlsStores(null, pki.dir().resolve("other-ca.p12"), pki.passwordFile()).context().createSSLEngine("127.0.0.1", 9001);
        c.setUseClientMode(true);
        Pair p = connect(c, server(false), 64 * 1024, 1 << 20, 16 * 1024 + 512);
        SSLException e = assertThrows(SSLException.class, () -> pump(p, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("PKIX") || e.getMessage().contains("certificate"), e.getMessage());
    }
}
