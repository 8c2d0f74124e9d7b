package dev.chaoskv.chaos.suite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus the line every value started on, so that an error about
 * a field can name its line. Paths are JSON pointers ("/runs/2/nemesis"); the root is "".
 */
record LocatedYaml(JsonNode root, Map<String, Integer> lines) {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Thrown for text that is not YAML, or repeats a key; carries the line. */
    static final class SyntaxException extends Exception {
        final int line;

        SyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    static LocatedYaml parse(String text) throws SyntaxException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) return new LocatedYaml(NODES.missingNode(), lines);
            return new LocatedYaml(read(p, "", lines), lines);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("malformed");
            throw new SyntaxException(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "not valid YAML: " + msg);
        } catch (IOException e) {
            throw new SyntaxException(0, "not valid YAML: " + e.getMessage());
        }
    }

    /** The line of the value at {@code path}, or of the nearest enclosing value that has one. */
    int lineOf(String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Integer l = lines.get(p);
            if (l != null) return l;
            if (p.isEmpty()) return 1;
        }
    }

    private static JsonNode read(JsonParser p, String path, Map<String, Integer> lines) throws IOException, SyntaxException {
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    if (o.has(field)) throw new SyntaxException(line, "'" + field + "' is given twice");
                    String child = path + "/" + field;
                    lines.put(child, line);
                    p.nextToken();
                    o.set(field, read(p, child, lines));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) a.add(read(p, path + "/" + i, lines));
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new SyntaxException(p.currentTokenLocation().getLineNr(), "unexpected " + t);
        }
    }
}
