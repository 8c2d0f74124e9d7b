package dev.chaoskv.checker;

import dev.chaoskv.checker.edn.EdnHistory;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryReader;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a history in either format the checker accepts: history.jsonl (JSON Lines) or Jepsen's
 * EDN. The content decides; the file name only when the content does not (see
 * docs/history-format.md, "EDN (Jepsen) input").
 */
public final class HistoryInput {
    public enum Format { JSON_LINES, EDN }

    private static final int HEAD = 4096;

    private HistoryInput() {
    }

    public static History read(Path file) throws CheckerInputException {
        return switch (format(file)) {
            case EDN -> EdnHistory.read(file);
            case JSON_LINES -> HistoryReader.read(file);
        };
    }

    static Format format(Path file) throws CheckerInputException {
        char[] buf = new char[HEAD];
        int n;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            n = Math.max(0, in.read(buf));
        } catch (NoSuchFileException e) {
            throw new CheckerInputException("history file not found: " + file);
        } catch (IOException e) {
            // Not decodable as a whole: let the JSON reader name the line.
            return Format.JSON_LINES;
        }
        return format(new String(buf, 0, n), file.getFileName().toString());
    }

    /**
     * EDN when the first non-blank character is '[', ';' or '#', or '{' followed by ':' (a map
     * with keyword keys); JSON Lines when it is '{' followed by '"'. Otherwise (an empty file,
     * garbage) a name ending in ".edn" means EDN, anything else JSON Lines.
     */
    static Format format(String head, String fileName) {
        int i = skipBlanks(head, 0);
        if (i < head.length()) {
            char c = head.charAt(i);
            if (c == '[' || c == ';' || c == '#') {
                return Format.EDN;
            }
            if (c == '{') {
                int j = skipBlanks(head, i + 1);
                if (j < head.length() && head.charAt(j) == ':') {
                    return Format.EDN;
                }
                if (j < head.length() && head.charAt(j) == '"') {
                    return Format.JSON_LINES;
                }
            }
        }
        return fileName.endsWith(".edn") ? Format.EDN : Format.JSON_LINES;
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == '\uFEFF')) {
            i++;
        }
        return i;
    }
}
