package dev.chaoskv.checker.history;

import dev.chaoskv.checker.CheckerInputException;

/** A history line that does not follow docs/history-format.md. */
public final class HistoryFormatException extends CheckerInputException {
    private final int line;

    public HistoryFormatException(String source, int line, String problem) {
        super(source + " line " + line + ": " + problem);
        this.line = line;
    }

    /** A problem at a known column too (1-based), as EDN syntax errors have. */
    public HistoryFormatException(String source, int line, int column, String problem) {
        super(source + " line " + line + ", column " + column + ": " + problem);
        this.line = line;
    }

    /** 1-based line number of the offending line. */
    public int line() {
        return line;
    }
}
