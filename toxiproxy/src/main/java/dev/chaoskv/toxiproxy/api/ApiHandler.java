package dev.chaoskv.toxiproxy.api;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.chaoskv.toxiproxy.core.Proxy;
import dev.chaoskv.toxiproxy.core.ProxyRegistry;
import dev.chaoskv.toxiproxy.core.ProxySpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP API: routes each request to the registry, with bodies decoded by {@link Requests}
 * and answers written by {@link JsonViews}, and turns refusals into the real server's status
 * codes and bodies ({@link ApiError}), so that toxiproxy-java can read every error.
 */
public final class ApiHandler implements HttpHandler {
    public static final String VERSION = "2.12.0";

    private final ProxyRegistry registry;
    private final String requestIdPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final AtomicLong requestIds = new AtomicLong();

    public ApiHandler(ProxyRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers headers = exchange.getResponseHeaders();
            headers.set("X-Toxiproxy-Request-Id", requestIdPrefix + Long.toHexString(requestIds.incrementAndGet()));
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            Response response;
            if (agent != null && agent.startsWith("Mozilla/")) {
                // The real server refuses browsers (CSRF protection) with this plain-text body.
                response = Response.text(403, "User agent not allowed\n", Response.ERROR_CONTENT_TYPE);
            } else {
                byte[] body = exchange.getRequestBody().readAllBytes();
                response = respond(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
            }
            send(exchange, response);
        }
    }

    private Response respond(String method, String path, byte[] body) {
        try {
            return route(method, path, body);
        } catch (ToxiproxyException e) {
            return Response.error(e);
        } catch (RuntimeException e) {
            return Response.error(new ApiError(500, String.valueOf(e.getMessage()))); // like Go: unknown errors are 500
        }
    }

    private Response route(String method, String path, byte[] body) throws ToxiproxyException {
        String[] s = path.length() > 1 ? path.substring(1).split("/", -1) : new String[0];
        boolean update = method.equals("POST") || method.equals("PATCH");
        if (s.length == 1 && s[0].equals("proxies")) {
            return switch (method) {
                case "GET" -> Response.json(200, JsonViews.proxies(registry.all()));
                case "POST" -> Response.json(201, JsonViews.proxy(registry.create(Requests.proxySpec(body)).snapshot()));
                default -> notAllowed(method, path);
            };
        }
        if (s.length == 1 && s[0].equals("populate")) {
            return method.equals("POST") ? populate(body) : notAllowed(method, path);
        }
        if (s.length == 1 && s[0].equals("reset")) {
            if (!method.equals("POST")) {
                return notAllowed(method, path);
            }
            registry.reset();
            return Response.empty(204);
        }
        if (s.length == 1 && s[0].equals("version")) {
            return method.equals("GET")
                    ? Response.text(200, "{\"version\": \"" + VERSION + "\"}\n", "application/json;charset=utf-8")
                    : notAllowed(method, path);
        }
        if (s.length == 1 && s[0].equals("metrics")) {
            return Response.text(200, PrometheusMetrics.render(registry.all()), "text/plain; version=0.0.4; charset=utf-8");
        }
        if (s.length >= 2 && s[0].equals("proxies") && !s[1].isEmpty()) {
            return proxyRoute(method, update, s, body, path);
        }
        return notFound(path);
    }

    private Response proxyRoute(String method, boolean update, String[] s, byte[] body, String path) throws ToxiproxyException {
        String name = s[1];
        if (s.length == 2) {
            if (method.equals("GET")) {
                return Response.json(200, JsonViews.proxy(registry.get(name).snapshot()));
            } else if (update) {
                Proxy p = registry.get(name);
                p.update(Requests.proxyUpdate(body));
                return Response.json(200, JsonViews.proxy(p.snapshot()));
            } else if (method.equals("DELETE")) {
                registry.delete(name);
                return Response.empty(204);
            }
            return notAllowed(method, path);
        }
        if (!s[2].equals("toxics") || s.length > 4) {
            return notFound(path);
        }
        if (s.length == 3) {
            if (method.equals("GET")) {
                return Response.json(200, registry.get(name).toxics().stream().map(JsonViews::toxic).toList());
            } else if (method.equals("POST")) {
                Proxy p = registry.get(name);
                return Response.json(200, JsonViews.toxic(p.addToxic(Requests.newToxic(body)))); // 200, not 201, like the real one
            }
            return notAllowed(method, path);
        }
        String toxic = s[3];
        if (toxic.isEmpty()) {
            return notFound(path);
        }
        if (method.equals("GET")) {
            return Response.json(200, JsonViews.toxic(registry.get(name).toxic(toxic)));
        } else if (update) {
            Proxy p = registry.get(name);
            p.toxic(toxic); // 404 for a missing toxic before complaining about the body
            return Response.json(200, JsonViews.toxic(p.updateToxic(toxic, Requests.toxicUpdate(body))));
        } else if (method.equals("DELETE")) {
            registry.get(name).removeToxic(toxic);
            return Response.empty(204);
        }
        return notAllowed(method, path);
    }

    /**
     * Unlike other errors (http.Error: text/plain and a newline), the real Populate writes its
     * error as JSON itself, with the proxies done so far, and null when there are none.
     */
    private Response populate(byte[] body) {
        List<ProxySpec> specs;
        try {
            specs = Requests.proxySpecs(body);
        } catch (ToxiproxyException e) {
            return populateResponse(List.of(), e);
        }
        ProxyRegistry.PopulateResult result = registry.populate(specs);
        List<Object> proxies = new ArrayList<>();
        result.proxies().forEach(p -> proxies.add(JsonViews.proxy(p.snapshot())));
        return populateResponse(proxies, result.error());
    }

    /** 201 with the proxies, or the error's status with the error and the proxies done before it (error may be null). */
    private static Response populateResponse(List<Object> proxies, ToxiproxyException error) {
        Map<String, Object> m = new LinkedHashMap<>();
        int status = 201;
        if (error != null) {
            ApiError e = ApiError.of(error);
            status = e.status();
            m.put("error", e.message());
            m.put("status", status);
        }
        m.put("proxies", proxies.isEmpty() ? null : proxies); // Go encodes an empty slice here as null
        return Response.json(status, m);
    }

    // Unknown routes and methods: the real server answers in plain text (gorilla/mux defaults);
    // here they get a JSON error like everything else, so toxiproxy-java can report them.
    private static Response notFound(String path) {
        return Response.error(new ApiError(404, "404 page not found: no route for " + path));
    }

    private static Response notAllowed(String method, String path) {
        return Response.error(new ApiError(405, "method " + method + " not allowed on " + path));
    }

    private static void send(HttpExchange exchange, Response r) throws IOException {
        if (r.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
        }
        if (r.contentType() != null && r.contentType().equals(Response.ERROR_CONTENT_TYPE)) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        }
        if (r.body() == null) {
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(r.status(), r.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(r.body());
        }
    }
}
