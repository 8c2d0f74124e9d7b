package dev.chaoskv.toxiproxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP API: routes each request to the registry and writes the real server's status codes
 * and bodies. Bodies are parsed as JSON whatever the Content-Type (toxiproxy-java sends
 * form-urlencoded), and every error carries {@code {"error","status"}} so the client can read it.
 */
final class ApiHandler implements HttpHandler {
    static final String VERSION = "2.12.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR_CONTENT_TYPE = "text/plain; charset=utf-8"; // what Go's http.Error really sends

    private final ProxyRegistry registry;
    private final String requestIdPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final AtomicLong requestIds = new AtomicLong();

    /** A response: status, body bytes (null for none) and content type. */
    private record Response(int status, byte[] body, String contentType) {
        static Response json(int status, Object value) {
            try {
                return new Response(status, JSON.writeValueAsBytes(value), "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode response", e);
            }
        }

        static Response empty(int status) {
            return new Response(status, null, null);
        }

        static Response error(ApiException e) {
            return error(e.status(), e.getMessage(), null);
        }

        static Response error(int status, String message, List<Object> proxies) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            body.put("status", status);
            if (proxies != null) {
                body.put("proxies", proxies);
            }
            Response r = json(status, body);
            byte[] withNewline = new String(r.body(), StandardCharsets.UTF_8).concat("\n").getBytes(StandardCharsets.UTF_8);
            return new Response(status, withNewline, ERROR_CONTENT_TYPE);
        }
    }

    ApiHandler(ProxyRegistry registry) {
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
                response = new Response(403, "User agent not allowed\n".getBytes(StandardCharsets.UTF_8), ERROR_CONTENT_TYPE);
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
        } catch (ApiException e) {
            return Response.error(e);
        } catch (RuntimeException e) {
            return Response.error(500, String.valueOf(e.getMessage()), null); // like Go: unknown errors are 500
        }
    }

    private Response route(String method, String path, byte[] body) throws ApiException {
        String[] s = path.length() > 1 ? path.substring(1).split("/", -1) : new String[0];
        boolean update = method.equals("POST") || method.equals("PATCH");
        if (s.length == 1 && s[0].equals("proxies")) {
            return switch (method) {
                case "GET" -> Response.json(200, proxiesJson());
                case "POST" -> Response.json(201, registry.create(ProxyConfig.parse(parse(body))).toJson());
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
                    ? new Response(200, ("{\"version\": \"" + VERSION + "\"}\n").getBytes(StandardCharsets.UTF_8),
                            "application/json;charset=utf-8")
                    : notAllowed(method, path);
        }
        if (s.length == 1 && s[0].equals("metrics")) {
            return new Response(200, PrometheusMetrics.render(registry.all()).getBytes(StandardCharsets.UTF_8),
                    "text/plain; version=0.0.4; charset=utf-8");
        }
        if (s.length >= 2 && s[0].equals("proxies") && !s[1].isEmpty()) {
            return proxyRoute(method, update, s, body, path);
        }
        return notFound(path);
    }

    private Response proxyRoute(String method, boolean update, String[] s, byte[] body, String path) throws ApiException {
        String name = s[1];
        if (s.length == 2) {
            if (method.equals("GET")) {
                return Response.json(200, registry.get(name).toJson());
            } else if (update) {
                Proxy p = registry.get(name);
                p.update(object(parse(body)));
                return Response.json(200, p.toJson());
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
                return Response.json(200, registry.get(name).toxics().stream().map(ToxicSpec::toJson).toList());
            } else if (method.equals("POST")) {
                Proxy p = registry.get(name);
                return Response.json(200, p.addToxic(object(parse(body))).toJson()); // 200, not 201, like the real one
            }
            return notAllowed(method, path);
        }
        String toxic = s[3];
        if (toxic.isEmpty()) {
            return notFound(path);
        }
        if (method.equals("GET")) {
            return Response.json(200, registry.get(name).toxic(toxic).toJson());
        } else if (update) {
            Proxy p = registry.get(name);
            p.toxic(toxic); // 404 for a missing toxic before complaining about the body
            return Response.json(200, p.updateToxic(toxic, object(parse(body))).toJson());
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
        List<ProxyConfig> configs = new ArrayList<>();
        try {
            JsonNode input = parse(body);
            if (!input.isArray()) {
                throw ApiException.badBody("expected a JSON array of proxies, got " + input.getNodeType().toString().toLowerCase());
            }
            for (JsonNode entry : input) {
                configs.add(ProxyConfig.parse(entry));
            }
        } catch (ApiException e) {
            return populateResponse(e.status(), List.of(), e);
        }
        ProxyRegistry.PopulateResult result = registry.populate(configs);
        List<Object> proxies = new ArrayList<>();
        result.proxies().forEach(p -> proxies.add(p.toJson()));
        return populateResponse(result.error() == null ? 201 : result.error().status(), proxies, result.error());
    }

    private static Response populateResponse(int status, List<Object> proxies, ApiException error) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (error != null) {
            m.put("error", error.getMessage());
            m.put("status", status);
        }
        m.put("proxies", proxies.isEmpty() ? null : proxies); // Go encodes an empty slice here as null
        return Response.json(status, m);
    }

    private Map<String, Object> proxiesJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Proxy p : registry.all()) {
            m.put(p.name(), p.toJson());
        }
        return m;
    }

    /** Parses a body as JSON whatever its Content-Type; an empty body is Go's "EOF" error. */
    private static JsonNode parse(byte[] body) throws ApiException {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.badBody("EOF");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badBody("EOF");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badBody(firstLine(e.getMessage()));
        }
    }

    private static JsonNode object(JsonNode node) throws ApiException {
        if (!node.isObject()) {
            throw ApiException.badBody("expected a JSON object, got " + node.getNodeType().toString().toLowerCase());
        }
        return node;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    // Unknown routes and methods: the real server answers in plain text (gorilla/mux defaults);
    // here they get a JSON error like everything else, so toxiproxy-java can report them.
    private static Response notFound(String path) {
        return Response.error(404, "404 page not found: no route for " + path, null);
    }

    private static Response notAllowed(String method, String path) {
        return Response.error(405, "method " + method + " not allowed on " + path, null);
    }

    private static void send(HttpExchange exchange, Response r) throws IOException {
        if (r.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", r.contentType());
        }
        if (r.contentType() != null && r.contentType().equals(ERROR_CONTENT_TYPE)) {
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
