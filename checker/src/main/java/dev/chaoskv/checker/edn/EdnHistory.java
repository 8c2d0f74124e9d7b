package dev.chaoskv.checker.edn;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryAssembler;
import dev.chaoskv.checker.history.HistoryFormatException;
import dev.chaoskv.checker.history.RawEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a history.edn written by {@link EdnWriter} back into a {@link History}. */
public final class EdnHistory {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EdnHistory() {
    }

    public static History read(Reader in, String source) throws IOException, HistoryFormatException {
        HistoryAssembler assembler = new HistoryAssembler(source);
        BufferedReader lines = new BufferedReader(in);
        String text;
        int line = 0;
        while ((text = lines.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            Object parsed;
            try {
                parsed = EdnReader.parse(text);
            } catch (IllegalArgumentException e) {
                throw new HistoryFormatException(source, line, "malformed EDN: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new HistoryFormatException(source, line, "expected an EDN map");
            }
            assembler.accept(toEvent(m, line, source));
        }
        return assembler.finish();
    }

    private static RawEvent toEvent(Map<?, ?> m, int line, String source) throws HistoryFormatException {
        Object process = m.get(kw("process"));
        long time = m.get(kw("time")) instanceof Long t ? t : -1;
        long index = m.get(kw("index")) instanceof Long i ? i : -1;
        String type = name(m.get(kw("type")));
        String f = name(m.get(kw("f")));
        Object value = m.get(kw("value"));
        String node = m.get(kw("node")) instanceof String s ? s : null;
        if (process instanceof EdnReader.Keyword k && k.name().equals("nemesis")) {
            String json;
            try {
                json = MAPPER.writeValueAsString(toJsonable(value));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new HistoryFormatException(source, line, "nemesis value: " + e.getOriginalMessage());
            }
            return new RawEvent(line, index, time, true, -1, type, f, null, json, json, null);
        }
        if (!(process instanceof Long p) || !(value instanceof List<?> tuple) || tuple.size() != 2) {
            throw new HistoryFormatException(source, line, "expected :process <int> and :value [key value]");
        }
        Object v = tuple.get(1);
        Object clientValue = v instanceof List<?> pair ? new ArrayList<>(pair) : v;
        return new RawEvent(line, index, time, false, p.intValue(), type, f, (String) tuple.get(0), clientValue,
                String.valueOf(clientValue), node);
    }

    private static Object toJsonable(Object edn) {
        if (edn instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k instanceof EdnReader.Keyword kw ? kw.name() : String.valueOf(k), toJsonable(v)));
            return out;
        }
        if (edn instanceof List<?> l) {
            return l.stream().map(EdnHistory::toJsonable).toList();
        }
        return edn instanceof EdnReader.Keyword k ? k.name() : edn;
    }

    private static EdnReader.Keyword kw(String name) {
        return new EdnReader.Keyword(name);
    }

    private static String name(Object o) {
        return o instanceof EdnReader.Keyword k ? k.name() : String.valueOf(o);
    }
}
