package dev.chaoskv.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.checker.json.JsonTrees;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one history line with Jackson's streaming parser (no tree per line: histories have
 * millions of lines). Pure: text in, {@link RawEvent} or a {@link HistoryFormatException} out.
 */
public final class LineParser {
    private final JsonFactory factory = JsonTrees.FACTORY;
    private final String source;

    public LineParser(String source) {
        this.source = source;
    }

    public RawEvent parse(String text, int line) throws HistoryFormatException {
        try (JsonParser p = factory.createParser(text)) {
            return parseObject(p, line);
        } catch (JsonProcessingException e) {
            throw error(line, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw error(line, "unreadable: " + e.getMessage());
        }
    }

    private RawEvent parseObject(JsonParser p, int line) throws IOException, HistoryFormatException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw error(line, "expected a JSON object, one per line");
        }
        RawEvent event = parseFields(p, line);
        if (p.nextToken() != null) {
            throw error(line, "unexpected content after the JSON object (one event per line)");
        }
        return event;
    }

    /** The factory whose parsers {@link #parseFields} accepts (shared, so buffers are recycled). */
    JsonFactory factory() {
        return factory;
    }

    /**
     * Reads one event's fields from a parser positioned on its START_OBJECT, up to and
     * including the END_OBJECT. Used for whole-file streaming, where there is one parser for
     * all lines.
     */
    RawEvent parseFields(JsonParser p, int line) throws IOException, HistoryFormatException {
        Long index = null;
        Long time = null;
        Object process = null;
        String type = null;
        String f = null;
        String key = null;
        Object value = null;
        String valueJson = "null";
        String node = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> index = longField(p, t, line, "index");
                case "time" -> time = longField(p, t, line, "time");
                case "process" -> process = processField(p, t, line);
                case "type" -> type = stringField(p, t, line, "type");
                case "f" -> f = stringField(p, t, line, "f");
                case "key" -> key = stringField(p, t, line, "key");
                case "node" -> node = t == JsonToken.VALUE_NULL ? null : stringField(p, t, line, "node");
                case "value" -> {
                    if (t == JsonToken.START_OBJECT) {
                        // Only nemesis events carry objects; keep them as JSON text for reports.
                        JsonNode tree = JsonTrees.readCurrent(p);
                        valueJson = JsonTrees.compact(tree);
                        value = valueJson;
                    } else {
                        value = clientValue(p, t, line);
                        valueJson = null; // rendered only if needed (RawEvent.valueText), it is costly per line
                    }
                }
                default -> p.skipChildren(); // unknown fields are allowed, for forward compatibility
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw error(line, "malformed JSON object");
        }
        if (time == null) {
            throw error(line, "missing \"time\" (ns since run start)");
        }
        if (process == null) {
            throw error(line, "missing \"process\"");
        }
        if (type == null) {
            throw error(line, "missing \"type\"");
        }
        if (f == null) {
            throw error(line, "missing \"f\"");
        }
        boolean nemesis = "nemesis".equals(process);
        if (nemesis && valueJson == null) {
            valueJson = JsonTrees.compact(clientValueTree(value)); // nemesis events are few; keep exact JSON
        }
        if (!nemesis && key == null) {
            throw error(line, "missing \"key\" on a client operation");
        }
        return new RawEvent(line, index == null ? -1 : index, time, nemesis,
                nemesis ? -1 : (Integer) process, type, f, key, value, valueJson, node);
    }

    private Long longField(JsonParser p, JsonToken t, int line, String name)
            throws IOException, HistoryFormatException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw error(line, "\"" + name + "\" must be an integer, got " + p.getText());
        }
        return p.getLongValue();
    }

    private Object processField(JsonParser p, JsonToken t, int line) throws IOException, HistoryFormatException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_STRING && "nemesis".equals(p.getText())) {
            return "nemesis";
        }
        throw error(line, "\"process\" must be an integer or \"nemesis\", got " + p.getText());
    }

    private String stringField(JsonParser p, JsonToken t, int line, String name)
            throws IOException, HistoryFormatException {
        if (t != JsonToken.VALUE_STRING) {
            throw error(line, "\"" + name + "\" must be a string, got " + p.getText());
        }
        return p.getText();
    }

    /** null, a scalar (kept as text), or a flat array of scalars/nulls (cas). */
    private Object clientValue(JsonParser p, JsonToken t, int line) throws IOException, HistoryFormatException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            case START_ARRAY -> {
                List<String> items = new ArrayList<>(2);
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (item == JsonToken.VALUE_NULL) {
                        items.add(null);
                    } else if (item.isScalarValue()) {
                        items.add(p.getText());
                    } else {
                        throw error(line, "\"value\" arrays may only hold strings or null");
                    }
                }
                yield items;
            }
            default -> throw error(line, "unsupported \"value\": " + p.getText());
        };
    }

    /** A value from {@link #clientValue} as a tree: null, a string, or an array of strings and nulls. */
    private static JsonNode clientValueTree(Object value) {
        if (value == null) {
            return JsonTrees.NODES.nullNode();
        }
        if (value instanceof List<?> list) {
            var array = JsonTrees.NODES.arrayNode();
            list.forEach(v -> array.add(v == null ? null : v.toString()));
            return array;
        }
        return JsonTrees.NODES.textNode(value.toString());
    }

    private HistoryFormatException error(int line, String problem) {
        return new HistoryFormatException(source, line, problem);
    }
}
