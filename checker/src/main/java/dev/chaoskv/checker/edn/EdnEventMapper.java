package dev.chaoskv.checker.edn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.history.HistoryFormatException;
import dev.chaoskv.checker.history.RawEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Jepsen operation maps into {@link RawEvent}s for the {@link dev.chaoskv.checker.history.HistoryAssembler}.
 * Values become their canonical EDN text ({@link EdnText}), so register equality is EDN equality;
 * nil stays null (= the register's initial, absent value). A {@code :write} of nil becomes a
 * delete, which has the same effect. Completions take their key and f from their invocation when
 * their own value does not carry them (Jepsen may drop the value of a crashed operation).
 */
final class EdnEventMapper {
    /** The key of a single-register (Knossos cas-register) history. */
    static final String REGISTER_KEY = "register";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EdnReader.Keyword PROCESS = new EdnReader.Keyword("process");
    private static final EdnReader.Keyword TYPE = new EdnReader.Keyword("type");
    private static final EdnReader.Keyword F = new EdnReader.Keyword("f");
    private static final EdnReader.Keyword VALUE = new EdnReader.Keyword("value");
    private static final EdnReader.Keyword TIME = new EdnReader.Keyword("time");
    private static final EdnReader.Keyword INDEX = new EdnReader.Keyword("index");
    private static final EdnReader.Keyword NODE = new EdnReader.Keyword("node");

    private record Open(String f, String mappedF, String key) {
    }

    private final String source;
    private final boolean independent;
    private final Map<Integer, Open> open = new HashMap<>();
    private Boolean timed;
    private int firstLine;
    private long position;

    EdnEventMapper(String source, boolean independent) {
        this.source = source;
        this.independent = independent;
    }

    static boolean isClientInvoke(Map<?, ?> m) {
        return "invoke".equals(name(m.get(TYPE))) && !isNemesis(m.get(PROCESS));
    }

    /** True for a client invocation whose value is a jepsen.independent tuple [key value] (cas: [key [old new]]). */
    static boolean isTupleInvoke(Map<?, ?> m) {
        if (!isClientInvoke(m)) {
            return true; // says nothing about the shape
        }
        if (!(m.get(VALUE) instanceof List<?> tuple) || tuple.size() != 2) {
            return false;
        }
        return !"cas".equals(name(m.get(F))) || (tuple.get(1) instanceof List<?> pair && pair.size() == 2);
    }

    RawEvent toEvent(Map<?, ?> m, int line) throws HistoryFormatException {
        long time = time(m, line);
        long index = m.get(INDEX) instanceof Long i ? i : -1;
        String type = required(m, TYPE, line);
        String f = required(m, F, line);
        Object process = m.get(PROCESS);
        Object value = m.get(VALUE);
        if (isNemesis(process)) {
            String json = nemesisJson(value, line);
            return new RawEvent(line, index, time, true, -1, type, f, null, json, json, null);
        }
        int p = process(process, line);
        String node = m.get(NODE) instanceof String s ? s : null;
        String key = REGISTER_KEY;
        Object v = value;
        boolean tuple = value instanceof List<?> t && t.size() == 2;
        if (independent && tuple) {
            key = EdnText.of(((List<?>) value).get(0));
            v = ((List<?>) value).get(1);
        } else if (independent) {
            v = null;
        }
        String mappedF = f;
        if ("invoke".equals(type)) {
            mappedF = "write".equals(f) && v == null ? "delete" : f;
            open.put(p, new Open(f, mappedF, key));
        } else {
            Open invoke = open.remove(p);
            if (invoke != null && invoke.f().equals(f)) {
                mappedF = invoke.mappedF();
                key = independent && !tuple ? invoke.key() : key;
            }
        }
        return new RawEvent(line, index, time, false, p, type, mappedF, key, clientValue(mappedF, v), null, node);
    }

    /** :time when the history has it (then every event must), else the event's position in the file. */
    private long time(Map<?, ?> m, int line) throws HistoryFormatException {
        Object t = m.get(TIME);
        if (timed == null) {
            timed = t != null;
            firstLine = line;
        }
        if (timed != (t != null)) {
            throw new HistoryFormatException(source, line, timed
                    ? "missing :time (line " + firstLine + " has one, so every operation needs one)"
                    : "has :time but line " + firstLine + " has none (give every operation a :time, or none)");
        }
        if (!timed) {
            return position++;
        }
        if (!(t instanceof Long time)) {
            throw new HistoryFormatException(source, line, ":time must be an integer (ns), got " + EdnText.of(t));
        }
        return time;
    }

    private Object clientValue(String f, Object v) {
        if ("cas".equals(f) && v instanceof List<?> pair && pair.size() == 2) {
            return Arrays.asList(text(pair.get(0)), text(pair.get(1)));
        }
        return text(v);
    }

    private static String text(Object v) {
        return v == null ? null : EdnText.of(v);
    }

    private String required(Map<?, ?> m, EdnReader.Keyword field, int line) throws HistoryFormatException {
        Object v = m.get(field);
        if (v == null) {
            throw new HistoryFormatException(source, line, "missing " + field);
        }
        if (!(v instanceof EdnReader.Keyword || v instanceof String || v instanceof EdnReader.Symbol)) {
            throw new HistoryFormatException(source, line, field + " must be a keyword, got " + EdnText.of(v));
        }
        return name(v);
    }

    private int process(Object process, int line) throws HistoryFormatException {
        if (process instanceof Long p && p >= Integer.MIN_VALUE && p <= Integer.MAX_VALUE) {
            return p.intValue();
        }
        throw new HistoryFormatException(source, line, process == null ? "missing :process"
                : ":process must be an integer or :nemesis, got " + EdnText.of(process));
    }

    private String nemesisJson(Object value, int line) throws HistoryFormatException {
        try {
            return MAPPER.writeValueAsString(jsonable(value));
        } catch (JsonProcessingException e) {
            throw new HistoryFormatException(source, line, "nemesis value: " + e.getOriginalMessage());
        }
    }

    /** EDN as JSON for reports: keywords become their names, anything JSON lacks becomes its EDN text. */
    private static Object jsonable(Object edn) {
        if (edn instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k instanceof String s ? s : name(k), jsonable(v)));
            return out;
        }
        if (edn instanceof List<?> || edn instanceof Set<?>) {
            List<Object> out = new ArrayList<>();
            ((Iterable<?>) edn).forEach(v -> out.add(jsonable(v)));
            return out;
        }
        if (edn == null || edn instanceof String || edn instanceof Number || edn instanceof Boolean) {
            return edn;
        }
        return edn instanceof EdnReader.Keyword k ? k.name() : EdnText.of(edn);
    }

    private static boolean isNemesis(Object process) {
        return process instanceof EdnReader.Keyword k && k.name().equals("nemesis");
    }

    private static String name(Object o) {
        return o instanceof EdnReader.Keyword k ? k.name() : String.valueOf(o);
    }
}
