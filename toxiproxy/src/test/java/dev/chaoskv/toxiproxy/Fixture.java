package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What each compatibility test runs against: the embedded server, or a real Toxiproxy when
 * {@code -Dtoxiproxy.url=http://host:8474} is given (the proxies must then be able to reach
 * this machine's loopback, i.e. the real server runs here too). Also a real echo upstream and
 * helpers for sockets and raw HTTP.
 */
final class Fixture implements AutoCloseable {
    static final String EXTERNAL_URL = System.getProperty("toxiproxy.url", "");

    final ToxiproxyServer server; // null when testing an external server
    final String url;
    final ToxiproxyClient client;
    final EchoServer echo;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();

    Fixture() throws IOException {
        if (EXTERNAL_URL.isEmpty()) {
            server = ToxiproxyServer.start("127.0.0.1", 0);
            url = server.url();
        } else {
            server = null;
            url = EXTERNAL_URL.replaceAll("/+$", "");
        }
        URI u = URI.create(url);
        client = new ToxiproxyClient(u.getHost(), u.getPort());
        echo = new EchoServer();
    }

    static boolean embedded() {
        return EXTERNAL_URL.isEmpty();
    }

    Proxy proxy(String name) throws IOException {
        return client.createProxy(name, "127.0.0.1:0", echo.address());
    }

    static int port(Proxy p) {
        String listen = p.getListen();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** A client socket through the proxy; reads time out after 5 s so no test can hang. */
    Socket connect(Proxy p) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port(p));
        s.setTcpNoDelay(true);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    /** A loopback port with nothing listening on it. */
    static int deadPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    /** Writes {@code msg} and reads the same number of bytes back; returns them. */
    static byte[] roundTrip(Socket s, byte[] msg) throws IOException {
        s.getOutputStream().write(msg);
        return readExactly(s.getInputStream(), msg.length);
    }

    static long roundTripMillis(Socket s, byte[] msg) throws IOException {
        long t0 = System.nanoTime();
        byte[] back = roundTrip(s, msg);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(new String(msg), new String(back));
        return ms;
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("EOF after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return b;
    }

    /**
     * Waits until the proxy has received {@code bytes} from the sources of its links in
     * {@code direction} ("upstream"/"downstream"), read from the embedded server's /metrics.
     * A real server has no such counters here, so against one this waits a fixed 500 ms.
     */
    void awaitReceived(Proxy p, String direction, long bytes) throws Exception {
        if (!embedded()) {
            Thread.sleep(500);
            return;
        }
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("toxiproxy_proxy_received_bytes_total\\{direction=\""
                + direction + "\"[^}]*proxy=\"" + java.util.regex.Pattern.quote(p.getName()) + "\"[^}]*} (\\d+)");
        long end = System.nanoTime() + 5_000_000_000L;
        long seen = 0;
        while (System.nanoTime() < end) {
            java.util.regex.Matcher m = line.matcher(http("GET", "/metrics", null).body());
            seen = m.find() ? Long.parseLong(m.group(1)) : 0;
            if (seen >= bytes) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("proxy " + p.getName() + " received " + seen + " of " + bytes + " " + direction + " bytes in 5 s");
    }

    /** Reads until EOF or error; returns "eof" or "reset" (any SocketException). Times out per soTimeout. */
    static String readToEnd(Socket s) throws IOException {
        byte[] b = new byte[4096];
        try {
            while (s.getInputStream().read(b) >= 0) {
                // discard
            }
            return "eof";
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (java.net.SocketException e) {
            return "reset";
        }
    }

    HttpResponse<String> http(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        try {
            for (Proxy p : client.getProxies()) {
                p.delete();
            }
        } finally {
            echo.close();
            if (server != null) {
                server.close();
            }
        }
    }
}
