package dev.chaoskv.checker.edn;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A streaming reader for EDN as Jepsen and Knossos histories use it: maps, vectors, lists, sets,
 * keywords, symbols, strings, characters, integers (also {@code N}), floats (also {@code M}),
 * ratios, nil, booleans, tagged values ({@code #inst "..."}, {@code #jepsen.history.Op{...}}),
 * comments and {@code #_} discards. Keywords are read as {@link Keyword}, vectors and lists as
 * {@link List}, maps as {@link Map}, sets as {@link Set}. Tracks line and column for errors.
 */
public final class EdnReader {
    /** An EDN keyword such as :invoke (name without the colon). */
    public record Keyword(String name) {
        @Override
        public String toString() {
            return ":" + name;
        }
    }

    /** An EDN symbol such as {@code foo/bar}. */
    public record Symbol(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A tagged value such as {@code #inst "2024-01-01"}: the tag without '#', and the value. */
    public record Tagged(String tag, Object value) {
    }

    /** A ratio such as {@code 1/3}, kept as written (reduced by the writer, as Clojure does). */
    public record Ratio(BigInteger numerator, BigInteger denominator) {
    }

    /** Malformed EDN at a position (1-based line and column). */
    public static final class SyntaxError extends IllegalArgumentException {
        private final int line;
        private final int column;
        private final String problem;

        SyntaxError(int line, int column, String problem) {
            super(problem + " at line " + line + ", column " + column);
            this.line = line;
            this.column = column;
            this.problem = problem;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        public String problem() {
            return problem;
        }
    }

    private static final Object END = new Object();
    private static final int EOF = -1;

    private final Reader in;
    private int peeked = Integer.MIN_VALUE;
    private int line = 1;
    private int column = 0;
    private int valueLine;
    private int lastClose;

    public EdnReader(Reader in) {
        this.in = in;
    }

    /** Parses one EDN value that makes up all of {@code text}. */
    public static Object parse(String text) {
        EdnReader r = new EdnReader(new StringReader(text));
        if (!r.hasNext()) {
            throw r.error("unexpected end of input");
        }
        Object v = r.next();
        if (r.hasNext()) {
            throw r.error("unexpected content after the value");
        }
        return v;
    }

    /** Skips blanks, commas and comments; true when a value (or a closing bracket) follows. */
    public boolean hasNext() {
        skipSpace();
        return peek() != EOF;
    }

    /** The next top-level character after blanks, or -1 at the end of the input (nothing consumed). */
    public int peekChar() {
        skipSpace();
        return peek();
    }

    /** Consumes the character {@link #peekChar} returned. */
    public void skipChar() {
        read();
    }

    /** Reads the next value; {@link #line()} is then the line it started on. */
    public Object next() {
        Object v = value();
        if (v == END) {
            throw error("unexpected '" + (char) lastClose + "'");
        }
        return v;
    }

    /** The 1-based line on which the value last returned by {@link #next} started. */
    public int line() {
        return valueLine;
    }

    /** The 1-based line of the reading position. */
    public int currentLine() {
        return line;
    }

    /** A syntax error at the current position. */
    public SyntaxError error(String problem) {
        return new SyntaxError(line, Math.max(column, 1), problem);
    }

    private Object value() {
        skipSpace();
        valueLine = line;
        int c = read();
        return switch (c) {
            case EOF -> throw error("unexpected end of input");
            case '{' -> map();
            case '[' -> sequence(']');
            case '(' -> sequence(')');
            case ']', ')', '}' -> {
                lastClose = c;
                yield END;
            }
            case '"' -> string();
            case ':' -> new Keyword(token(""));
            case '\\' -> character();
            case '#' -> dispatch();
            default -> atom((char) c);
        };
    }

    private Object dispatch() {
        int c = peek();
        if (c == '{') {
            read();
            Set<Object> set = new LinkedHashSet<>();
            set.addAll(items('}'));
            return set;
        }
        if (c == '_') {
            read();
            Object discarded = value();
            if (discarded == END) {
                throw error("#_ needs a value to discard");
            }
            return value(); // takes the discarded form's place (or a closing bracket ends the collection)
        }
        if (c == EOF || isDelimiter(c)) {
            throw error("'#' must be followed by a tag, '{' or '_'");
        }
        String tag = token("");
        int tagLine = valueLine;
        Object v = value();
        if (v == END) {
            throw error("tag #" + tag + " needs a value");
        }
        valueLine = tagLine;
        return new Tagged(tag, v);
    }

    private Map<Object, Object> map() {
        int startLine = valueLine;
        List<Object> items = items('}');
        if (items.size() % 2 != 0) {
            throw error("a map needs an even number of forms (key value ...), got " + items.size());
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            m.put(items.get(i), items.get(i + 1));
        }
        valueLine = startLine;
        return m;
    }

    private List<Object> sequence(char close) {
        int startLine = valueLine;
        List<Object> items = items(close);
        valueLine = startLine;
        return items;
    }

    private List<Object> items(char close) {
        int openLine = line;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == EOF) {
                throw error("unexpected end of input: '" + close + "' opened on line " + openLine + " is not closed");
            }
            Object v = value();
            if (v == END) {
                if (lastClose != close) {
                    throw error("expected '" + close + "' but found '" + (char) lastClose + "'");
                }
                return items;
            }
            items.add(v);
        }
    }

    private String string() {
        int startLine = line;
        int startColumn = column;
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new SyntaxError(startLine, startColumn, "unterminated string");
            }
            if (c == '"') {
                return s.toString();
            }
            if (c != '\\') {
                s.append((char) c);
                continue;
            }
            int e = read();
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case '"', '\\' -> s.append((char) e);
                case 'u' -> s.append((char) hex4());
                case EOF -> throw new SyntaxError(startLine, startColumn, "unterminated string");
                default -> throw error("unknown escape '\\" + (char) e + "' in a string");
            }
        }
    }

    private int hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(read(), 16);
            if (d < 0) {
                throw error("\\u needs four hex digits");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private Character character() {
        int first = read();
        if (first == EOF) {
            throw error("'\\' needs a character");
        }
        String name = token(String.valueOf((char) first));
        if (name.length() == 1) {
            return name.charAt(0);
        }
        return switch (name) {
            case "newline" -> '\n';
            case "space" -> ' ';
            case "tab" -> '\t';
            case "return" -> '\r';
            case "backspace" -> '\b';
            case "formfeed" -> '\f';
            default -> {
                if (name.startsWith("u") && name.length() == 5) {
                    try {
                        yield (char) Integer.parseInt(name.substring(1), 16);
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
                throw error("unknown character '\\" + name + "'");
            }
        };
    }

    private Object atom(char first) {
        String text = token(String.valueOf(first));
        boolean signed = first == '+' || first == '-';
        if (Character.isDigit(first) || (signed && text.length() > 1 && Character.isDigit(text.charAt(1)))) {
            return number(text);
        }
        return switch (text) {
            case "nil" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> new Symbol(text);
        };
    }

    private Object number(String text) {
        String t = text.startsWith("+") ? text.substring(1) : text;
        try {
            if (t.endsWith("N")) {
                return integer(new BigInteger(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("M")) {
                return new BigDecimal(t.substring(0, t.length() - 1));
            }
            int slash = t.indexOf('/');
            if (slash > 0) {
                return new Ratio(new BigInteger(t.substring(0, slash)), new BigInteger(t.substring(slash + 1)));
            }
            if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
                return Double.parseDouble(t);
            }
            return integer(new BigInteger(t));
        } catch (NumberFormatException e) {
            throw error("malformed number '" + text + "'");
        }
    }

    /** Integers as Long when they fit, so 1 and 1N are the same value (as Clojure's = says). */
    private static Object integer(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String token(String prefix) {
        StringBuilder s = new StringBuilder(prefix);
        while (true) {
            int c = peek();
            if (c == EOF || isDelimiter(c)) {
                break;
            }
            s.append((char) read());
        }
        if (s.isEmpty()) {
            throw error("empty name");
        }
        return s.toString();
    }

    private static boolean isDelimiter(int c) {
        return Character.isWhitespace(c) || c == ',' || c == '}' || c == ']' || c == ')' || c == '{' || c == '['
                || c == '(' || c == '"' || c == ';';
    }

    private void skipSpace() {
        while (true) {
            int c = peek();
            if (c == ';') {
                while (c != EOF && c != '\n') {
                    read();
                    c = peek();
                }
            } else if (c != EOF && (Character.isWhitespace(c) || c == ',')) {
                read();
            } else {
                return;
            }
        }
    }

    private int peek() {
        if (peeked == Integer.MIN_VALUE) {
            try {
                peeked = in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return peeked;
    }

    private int read() {
        int c = peek();
        peeked = Integer.MIN_VALUE;
        if (c == '\n') {
            line++;
            column = 0;
        } else if (c != EOF) {
            column++;
        }
        return c;
    }
}
