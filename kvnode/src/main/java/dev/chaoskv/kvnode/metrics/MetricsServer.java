package dev.chaoskv.kvnode.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chaoskv.common.PrometheusText;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code --metrics-port}: serves {@code GET /metrics} in the Prometheus text format with the
 * JDK's HTTP server, on one daemon thread (scrapes are rare and cheap).
 */
public final class MetricsServer implements AutoCloseable {
    public static final String PATH = "/metrics";

    private final HttpServer http;
    private final ExecutorService executor;

    private MetricsServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Binds {@code host:port} (0 = any free port) and starts serving {@code body} at {@link #PATH}. */
    public static MetricsServer start(String host, int port, Supplier<String> body) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        http.createContext("/", exchange -> serve(exchange, body));
        http.setExecutor(executor);
        http.start();
        return new MetricsServer(http, executor);
    }

    private static void serve(HttpExchange exchange, Supplier<String> body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: metrics are at " + PATH + "\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", method);
            } else {
                reply(exchange, 200, PrometheusText.CONTENT_TYPE, body.get(), method);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String text, String method) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (head) return;
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
