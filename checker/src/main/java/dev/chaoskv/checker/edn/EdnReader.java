package dev.chaoskv.checker.edn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the subset of EDN that history.edn uses: maps, vectors, lists, keywords,
 * strings, integers, nil and booleans. Keywords are read as {@link Keyword}.
 */
public final class EdnReader {
    /** An EDN keyword such as :invoke (name without the colon). */
    public record Keyword(String name) {
        @Override
        public String toString() {
            return ":" + name;
        }
    }

    private final String text;
    private int pos;

    private EdnReader(String text) {
        this.text = text;
    }

    /** Parses one EDN value that makes up all of {@code text}. */
    public static Object parse(String text) {
        EdnReader r = new EdnReader(text);
        Object v = r.value();
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("unexpected content after the value");
        }
        return v;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> map();
            case '[' -> sequence(']');
            case '(' -> sequence(')');
            case '"' -> string();
            case ':' -> new Keyword(symbol(pos + 1));
            default -> {
                if (c == '-' || Character.isDigit(c)) {
                    yield number();
                }
                String sym = symbol(pos);
                yield switch (sym) {
                    case "nil" -> null;
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw error("unsupported symbol '" + sym + "'");
                };
            }
        };
    }

    private Map<Object, Object> map() {
        pos++;
        Map<Object, Object> m = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return m;
            }
            Object k = value();
            Object v = value();
            m.put(k, v);
        }
    }

    private List<Object> sequence(char close) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == close) {
                pos++;
                return items;
            }
            items.add(value());
        }
    }

    private String string() {
        StringBuilder s = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                s.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                s.append(c);
            }
        }
        throw error("unterminated string");
    }

    private Long number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == 'N') {
            pos++; // bigint suffix
            return Long.parseLong(text.substring(start, pos - 1));
        }
        return Long.parseLong(text.substring(start, pos));
    }

    private String symbol(int from) {
        int end = from;
        while (end < text.length() && !isDelimiter(text.charAt(end))) {
            end++;
        }
        if (end == from) {
            throw error("empty symbol");
        }
        pos = end;
        return text.substring(from, end);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == ',' || c == '}' || c == ']' || c == ')' || c == '{' || c == '['
                || c == '(' || c == '"';
    }

    private void skipSpace() {
        while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == ',')) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at character " + pos);
    }
}
