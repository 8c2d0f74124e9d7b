package dev.chaoskv.checker.history;

import dev.chaoskv.checker.CheckerInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
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
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            String next = in.readLine();
            int line = 0;
            while ((text = next) != null) {
                line++;
                next = in.readLine();
                if (text.isBlank()) {
                    continue;
                }
                RawEvent event;
                try {
                    event = parser.parse(text, line);
                } catch (HistoryFormatException e) {
                    // The runner streams the file as it goes: a run that crashed mid-write leaves
                    // a cut-off last line without a newline. That prefix is still checkable.
                    if (next == null && !endsWithNewline) {
                        assembler.warn(source + " line " + line + " is truncated (no newline at end of file); ignored");
                        break;
                    }
                    throw e;
                }
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
