package dev.chaoskv.toxiproxy;

import com.sun.net.httpserver.HttpServer;
import dev.chaoskv.toxiproxy.api.ApiHandler;
import dev.chaoskv.toxiproxy.core.EventLoopGroup;
import dev.chaoskv.toxiproxy.core.HostPort;
import dev.chaoskv.toxiproxy.core.ProxyRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded server that speaks the Toxiproxy 2.12 HTTP API, so chaos runs need no Go binary.
 * Start it, point a {@code ToxiproxyClient} at {@link #url()}, and close it when done:
 * <pre>
 *   try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *       ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port());
 *       ...
 *   }
 * </pre>
 */
public final class ToxiproxyServer implements AutoCloseable {
    private static final int API_THREADS = 4; // no handler blocks on I/O, so a few threads suffice

    private final HttpServer http;
    private final ExecutorService executor;
    private final ProxyRegistry registry;
    private final EventLoopGroup loops;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ToxiproxyServer(HttpServer http, ExecutorService executor, ProxyRegistry registry, EventLoopGroup loops) {
        this.http = http;
        this.executor = executor;
        this.registry = registry;
        this.loops = loops;
    }

    /**
     * Binds the API on {@code host:port} (port 0 = ephemeral) and starts serving. Proxied
     * connections run on {@link EventLoopGroup#defaultThreads()} I/O threads named
     * {@code toxiproxy-io-<api port>-<n>}.
     */
    public static ToxiproxyServer start(String host, int port) throws IOException {
        int ioThreads = EventLoopGroup.defaultThreads(); // a bad -D override fails before anything is bound
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 128);
        EventLoopGroup loops;
        try {
            loops = new EventLoopGroup("toxiproxy-io-" + http.getAddress().getPort() + "-", ioThreads);
        } catch (RuntimeException e) { // no selector: release the port (an HttpServer only lets go of it once started)
            http.start();
            http.stop(0);
            throw e;
        }
        ProxyRegistry registry = new ProxyRegistry(loops);
        AtomicInteger ids = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(API_THREADS, r -> {
            Thread t = new Thread(r, "toxiproxy-api-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.createContext("/", new ApiHandler(registry));
        http.setExecutor(executor);
        http.start();
        return new ToxiproxyServer(http, executor, registry, loops);
    }

    /** The port the API listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The API's base URL; a wildcard bind is reached through loopback. */
    public String url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : HostPort.format(a).substring(0, HostPort.format(a).lastIndexOf(':'));
        return "http://" + host + ":" + a.getPort();
    }

    /** CPU time the proxies' I/O threads have used (user and system), for benchmarks. */
    public long ioCpuNanos() {
        return loops.cpuNanos();
    }

    /** Stops the API, every proxy and every connection. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        executor.shutdownNow();
        registry.closeAll();
        loops.close();
    }
}
