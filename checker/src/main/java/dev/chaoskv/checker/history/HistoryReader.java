package dev.chaoskv.checker.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.chaoskv.checker.CheckerInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Streams history.jsonl from disk, line by line, into a {@link History}. */
public final class HistoryReader {
    private HistoryReader() {
    }

    public static History read(Path file) throws CheckerInputException {
        String source = file.getFileName().toString();
        LineParser parser = new LineParser(source);
        HistoryAssembler assembler = new HistoryAssembler(source);
        boolean endsWithNewline = endsWithNewline(file);
        // One streaming parser over the whole file (a parser per line costs twice as much);
        // Jackson's line numbers enforce "one event per line". Over bytes, not chars: Jackson's
        // UTF-8 parser decodes as it goes, with no Reader and no char buffer in between.
        try (InputStream in = Files.newInputStream(file);
             JsonParser p = parser.factory().createParser(in)) {
            int lastLine = 0;
            while (true) {
                RawEvent event;
                int line = lastLine + 1;
                try {
                    JsonToken t = p.nextToken();
                    if (t == null) {
                        break;
                    }
                    line = p.currentTokenLocation().getLineNr();
                    if (line == lastLine) {
                        throw new HistoryFormatException(source, line, "more than one event on this line");
                    }
                    if (t != JsonToken.START_OBJECT) {
                        throw new HistoryFormatException(source, line, "expected a JSON object, one per line");
                    }
                    event = parser.parseFields(p, line);
                    int endLine = p.currentLocation().getLineNr();
                    if (endLine != line) {
                        throw new HistoryFormatException(source, line,
                                "an event must fit on one line (this one continues to line " + endLine + ")");
                    }
                } catch (JsonEOFException e) {
                    // The runner streams the file as it goes: a run that crashed mid-write leaves
                    // a cut-off last line without a newline. That prefix is still checkable.
                    if (!endsWithNewline) {
                        assembler.warn(source + " line " + line + " is truncated (no newline at end of file); ignored");
                        break;
                    }
                    throw new HistoryFormatException(source, line, "malformed JSON: " + e.getOriginalMessage());
                } catch (JsonProcessingException e) {
                    int at = e.getLocation() != null ? e.getLocation().getLineNr() : line;
                    throw new HistoryFormatException(source, at, "malformed JSON: " + e.getOriginalMessage());
                }
                lastLine = line;
                assembler.accept(event);
            }
        } catch (NoSuchFileException e) {
            throw new CheckerInputException("history file not found: " + file);
        } catch (IOException e) {
            throw new CheckerInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return assembler.finish();
    }

    private static boolean endsWithNewline(Path file) throws CheckerInputException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length == 0) {
                return true;
            }
            raf.seek(length - 1);
            return raf.read() == '\n';
        } catch (java.io.FileNotFoundException e) {
            throw new CheckerInputException("history file not found: " + file);
        } catch (IOException e) {
            throw new CheckerInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
