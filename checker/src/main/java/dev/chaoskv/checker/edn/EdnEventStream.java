package dev.chaoskv.checker.edn;

import dev.chaoskv.checker.history.HistoryFormatException;

import java.io.Reader;
import java.util.Map;

/**
 * The operation maps of an EDN history, in file order: either one vector of maps (as Knossos
 * stores histories) or maps one after another (Jepsen's history.edn, one per line). A map may
 * span lines either way; a tagged map such as {@code #jepsen.history.Op{...}} counts as a map.
 */
final class EdnEventStream {
    private final EdnReader edn;
    private final String source;
    private boolean inVector;
    private boolean started;
    private int vectorLine;
    private int line;

    EdnEventStream(Reader in, String source) {
        this.edn = new EdnReader(in);
        this.source = source;
    }

    /** The next operation map, or null at the end of the history. */
    Map<?, ?> next() throws HistoryFormatException {
        try {
            if (!started) {
                started = true;
                if (edn.peekChar() == '[') {
                    edn.skipChar();
                    inVector = true;
                    vectorLine = edn.currentLine();
                }
            }
            if (inVector) {
                int c = edn.peekChar();
                if (c == -1) {
                    throw syntax(edn.error("unexpected end of input: the vector opened on line " + vectorLine
                            + " is not closed"));
                }
                if (c == ']') {
                    edn.skipChar();
                    inVector = false;
                    if (edn.hasNext()) {
                        throw syntax(edn.error("unexpected content after the history vector"));
                    }
                    return null;
                }
            } else if (!edn.hasNext()) {
                return null;
            }
            Object form = edn.next();
            line = edn.line();
            if (form instanceof EdnReader.Tagged t && t.value() instanceof Map<?, ?> record) {
                return record;
            }
            if (form instanceof Map<?, ?> m) {
                return m;
            }
            throw new HistoryFormatException(source, line, "expected an operation map {:process ..., :type ...},"
                    + " got " + EdnText.of(form));
        } catch (EdnReader.SyntaxError e) {
            throw syntax(e);
        }
    }

    /** The line on which the map last returned by {@link #next} starts. */
    int line() {
        return line;
    }

    private HistoryFormatException syntax(EdnReader.SyntaxError e) {
        return new HistoryFormatException(source, e.line(), e.column(), "malformed EDN: " + e.problem());
    }
}
