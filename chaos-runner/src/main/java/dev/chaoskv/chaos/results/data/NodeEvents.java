package dev.chaoskv.chaos.results.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What happened to the nodes themselves, from their logs, the fault ledger and final.json: each
 * exit on its own (a FATAL line or an uncaught exception, e.g. kvnode halting with "two leaders
 * committed different histories"), each SIGKILL by the nemesis, each node unreachable after
 * heal; with the last lines of the node's log before it.
 */
public final class NodeEvents {
    /** Log lines shown before an event. */
    public static final int LAST_LINES = 12;

    /**
     * @param kind  "exited" (on its own), "killed" (by the nemesis) or "unreachable" (after heal)
     * @param when  wall-clock time (UTC) from the log or ledger, or "" when unknown
     */
    public record Event(String node, String kind, String when, String what, List<String> lastLines) {
    }

    /** Per node: how many times it started (incarnations in its log). */
    public record Starts(String node, int starts) {
    }

    private NodeEvents() {
    }

    public static List<Event> of(Map<String, List<String>> logs, List<JsonNode> ledger, JsonNode finalState) {
        List<Event> out = new ArrayList<>();
        logs.forEach((node, lines) -> {
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (!l.contains("FATAL") && !l.startsWith("Exception in thread")) continue;
                int end = i + 1;
                while (end < lines.size() && end < i + 6 && (lines.get(end).startsWith("\t") || lines.get(end).startsWith("Caused by")
                        || lines.get(end).startsWith(" "))) end++;
                out.add(new Event(node, "exited", stamp(l), stripStamp(l, node), List.copyOf(lines.subList(Math.max(0, end - LAST_LINES - 5), end))));
                i = end - 1;
            }
        });
        for (JsonNode e : ledger) {
            if (!"apply".equals(e.path("event").asText()) || !e.path("fault").asText().startsWith("kill")) continue;
            String when = e.path("time").asText("");
            for (JsonNode n : e.path("nodes")) {
                String node = n.asText();
                out.add(new Event(node, "killed", when, "killed with SIGKILL by the nemesis (" + e.path("fault").asText() + ")",
                        linesBefore(logs.getOrDefault(node, List.of()), when)));
            }
        }
        if (finalState != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = finalState.path("nodes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> n = it.next();
                if (!n.getValue().has("error")) continue;
                List<String> lines = logs.getOrDefault(n.getKey(), List.of());
                out.add(new Event(n.getKey(), "unreachable", "", "unreachable when the final state was read: " + n.getValue().path("error").asText(),
                        List.copyOf(lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size()))));
            }
        }
        out.sort((a, b) -> a.when().compareTo(b.when()));
        return out;
    }

    public static List<Starts> starts(Map<String, List<String>> logs) {
        List<Starts> out = new ArrayList<>();
        logs.forEach((node, lines) -> out.add(new Starts(node, (int) lines.stream().filter(l -> l.contains("[node] " + node + " starting")).count())));
        return out;
    }

    /** The last {@link #LAST_LINES} lines stamped at or before {@code when} (ISO instant). */
    static List<String> linesBefore(List<String> lines, String when) {
        Instant t;
        try {
            t = Instant.parse(when);
        } catch (DateTimeParseException e) {
            return List.of();
        }
        int end = 0;
        for (int i = 0; i < lines.size(); i++) {
            Instant s = instant(lines.get(i));
            if (s != null && s.isAfter(t)) break;
            end = i + 1;
        }
        return List.copyOf(lines.subList(Math.max(0, end - LAST_LINES), end));
    }

    private static Instant instant(String line) {
        int sp = line.indexOf(' ');
        if (sp < 20) return null;
        try {
            return Instant.parse(line.substring(0, sp));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String stamp(String line) {
        Instant i = instant(line);
        return i == null ? "" : i.toString();
    }

    private static String stripStamp(String line, String node) {
        String s = instant(line) == null ? line : line.substring(line.indexOf(' ') + 1);
        return s.startsWith(node + " ") ? s.substring(node.length() + 1) : s;
    }
}
