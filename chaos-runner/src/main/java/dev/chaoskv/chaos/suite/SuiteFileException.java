package dev.chaoskv.chaos.suite;

import java.nio.file.Path;

/** A suite file that cannot be run; the message names the file, the line and the field. */
public final class SuiteFileException extends Exception {
    public SuiteFileException(Path file, int line, String field, String what) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + what);
    }
}
