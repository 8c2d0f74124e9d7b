package dev.chaoskv.checker.edn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.NemesisEvent;
import dev.chaoskv.checker.history.Operation;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a history as Jepsen's history.edn (one operation map per line), so a verdict can be
 * cross-checked with Knossos or Elle. Values are jepsen.independent tuples [key value]:
 * read [k v], write [k v], cas [k [expected new]], delete [k nil], add [k v]. Nemesis values are
 * converted from JSON to EDN (objects become maps with string keys).
 */
public final class EdnWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EdnWriter() {
    }

    private record Event(long time, int order, Operation op, boolean invoke, NemesisEvent nemesis) {
    }

    public static void write(History history, Writer out) throws IOException {
        List<Event> events = new ArrayList<>();
        int order = 0;
        for (Operation op : history.operations()) {
            events.add(new Event(op.invokeTime(), order++, op, true, null));
            if (op.hasCompletion()) {
                events.add(new Event(op.completeTime(), order++, op, false, null));
            }
        }
        for (NemesisEvent n : history.nemesis()) {
            events.add(new Event(n.time(), order++, null, false, n));
        }
        // Same order as HistoryWriter: by time, completions before invocations at equal times.
        events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> e.op() != null && e.invoke())
                .thenComparingInt(Event::order));
        long index = 0;
        for (Event e : events) {
            StringBuilder s = new StringBuilder(120);
            s.append("{:index ").append(index++).append(", :time ").append(e.time());
            if (e.nemesis() != null) {
                NemesisEvent n = e.nemesis();
                s.append(", :process :nemesis, :type ").append(keyword(n.type())).append(", :f ")
                        .append(keyword(n.f())).append(", :value ");
                json(MAPPER.readTree(n.valueJson()), s);
            } else {
                Operation op = e.op();
                s.append(", :process ").append(op.process()).append(", :type ")
                        .append(e.invoke() ? ":invoke" : ":" + op.outcome().wireName())
                        .append(", :f :").append(op.f().wireName()).append(", :value [");
                string(op.key(), s);
                s.append(' ');
                value(op, e.invoke(), s);
                s.append(']');
                if (!e.invoke() && op.node() != null) {
                    s.append(", :node ");
                    string(op.node(), s);
                }
            }
            s.append("}\n");
            out.write(s.toString());
        }
    }

    private static void value(Operation op, boolean invoke, StringBuilder s) {
        if (op.f() == Fn.CAS) {
            s.append('[');
            nullable(op.expected(), s);
            s.append(' ');
            nullable(op.value(), s);
            s.append(']');
        } else if (op.f() == Fn.READ && (invoke || !op.isOk())) {
            s.append("nil");
        } else {
            nullable(op.value(), s);
        }
    }

    private static String keyword(String name) {
        return ":" + name.replaceAll("[^A-Za-z0-9*+!_?<>=.-]", "_");
    }

    private static void nullable(String v, StringBuilder s) {
        if (v == null) {
            s.append("nil");
        } else {
            string(v, s);
        }
    }

    static void string(String v, StringBuilder s) {
        s.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> s.append(c);
            }
        }
        s.append('"');
    }

    private static void json(JsonNode n, StringBuilder s) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            s.append("nil");
        } else if (n.isObject()) {
            s.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!first) {
                    s.append(", ");
                }
                first = false;
                string(f.getKey(), s);
                s.append(' ');
                json(f.getValue(), s);
            }
            s.append('}');
        } else if (n.isArray()) {
            s.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    s.append(' ');
                }
                json(n.get(i), s);
            }
            s.append(']');
        } else if (n.isTextual()) {
            string(n.asText(), s);
        } else {
            s.append(n.asText()); // numbers and booleans print the same in EDN
        }
    }
}
