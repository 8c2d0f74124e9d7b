package dev.chaoskv.checker.history;

import java.util.List;

/**
 * One history line, syntactically valid but not yet paired.
 *
 * @param process   client process id; ignored when {@code nemesis} is true
 * @param type      "invoke", "ok", "fail" or "info"
 * @param f         the "f" field as written
 * @param value     the "value" field: null, a String, or a List of String/null (cas)
 * @param valueJson the "value" field as compact JSON for nemesis events; null for client events
 */
public record RawEvent(int line, long index, long time, boolean nemesis, int process, String type, String f,
                       String key, Object value, String valueJson, String node) {

    /** The value as JSON-like text, for error messages. */
    public String valueText() {
        if (valueJson != null) {
            return valueJson;
        }
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> v == null ? "null" : "\"" + v + "\"").toList().toString();
        }
        return "\"" + value + "\"";
    }

    @SuppressWarnings("unchecked")
    public List<String> valueList() {
        return value instanceof List<?> list ? (List<String>) list : null;
    }
}
