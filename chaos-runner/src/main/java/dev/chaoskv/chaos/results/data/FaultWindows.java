package dev.chaoskv.chaos.results.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.history.NemesisEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults of a run as windows in time, from the history's nemesis events: each start
 * ({@code start-partition}, {@code kill}, {@code pause}, {@code start-latency} and the other link faults) paired with its
 * stop; plus the final heal, faults that could not be applied and requested faults skipped.
 */
public final class FaultWindows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> STOP_OF = Map.of("start-partition", "stop-partition", "kill", "restart",
            "pause", "resume", "start-latency", "stop-latency", "start-bandwidth", "stop-bandwidth", "start-slicer", "stop-slicer",
            "start-reset-peer", "stop-reset-peer", "start-packet-loss", "stop-packet-loss");

    /**
     * @param end ns when the fault was undone, or -1 if no stop event was recorded (it lasted until the final heal)
     * @param problems what undoing it could not do
     */
    public record Window(String kind, String targets, long start, long end, List<String> problems) {
        /** The end, or {@code otherwise} when the fault was never undone by its own window. */
        public long endOr(long otherwise) {
            return end < 0 ? otherwise : end;
        }
    }

    /**
     * @param heal ns of the final heal event, or -1 if there is none
     */
    public record Faults(List<Window> windows, long heal, List<String> healProblems, List<String> errors, List<String> skipped) {
        public static final Faults NONE = new Faults(List.of(), -1, List.of(), List.of(), List.of());
    }

    private FaultWindows() {
    }

    public static Faults of(List<NemesisEvent> events) {
        List<Window> windows = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        long heal = -1;
        List<String> healProblems = new ArrayList<>(), errors = new ArrayList<>(), skipped = new ArrayList<>();
        for (NemesisEvent e : events) {
            JsonNode v = parse(e.valueJson());
            if (STOP_OF.containsKey(e.f())) {
                open.put(STOP_OF.get(e.f()), windows.size());
                windows.add(new Window(v.path("fault").asText(e.f()), targets(v), e.time(), -1, List.of()));
            } else if (open.containsKey(e.f())) {
                int i = open.remove(e.f());
                Window w = windows.get(i);
                windows.set(i, new Window(w.kind(), w.targets(), w.start(), e.time(), texts(v.path("problems"))));
            } else if ("heal".equals(e.f())) {
                heal = e.time();
                healProblems.addAll(texts(v.path("problems")));
            } else if ("error".equals(e.f())) {
                errors.add((v.has("window") ? "window " + v.path("window").asText() + ": " : "") + v.path("error").asText(e.valueJson()));
            } else if ("skip".equals(e.f())) {
                skipped.add(v.path("fault").asText("?") + ": " + v.path("reason").asText(""));
            }
        }
        return new Faults(windows, heal, healProblems, errors, skipped);
    }

    /** "n2", "n3 | n1 n2 (blackhole)", "n3 outbound", "100 ms ± 50 ms on every peer link". */
    static String targets(JsonNode v) {
        String mode = v.hasNonNull("mode") ? " (" + v.path("mode").asText() + ")" : "";
        if (v.has("groups")) {
            List<String> groups = new ArrayList<>();
            for (JsonNode g : v.path("groups")) groups.add(String.join(" ", texts(g)));
            String bridge = v.hasNonNull("bridge") ? ", bridge " + v.path("bridge").asText() : "";
            return String.join(" | ", groups) + bridge + mode;
        }
        if (v.has("direction")) return v.path("node").asText() + " " + v.path("direction").asText() + mode;
        if (v.has("nodes")) return String.join(" ", texts(v.path("nodes"))) + mode;
        if (v.has("latencyMs")) return v.path("latencyMs").asText() + " ms ± " + v.path("jitterMs").asText() + " ms on every peer link";
        return mode.trim();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.isTextual() ? n.asText() : n.toString());
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? JSON.nullNode() : JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.nullNode();
        }
    }
}
