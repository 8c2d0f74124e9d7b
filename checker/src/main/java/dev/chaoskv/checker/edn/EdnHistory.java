package dev.chaoskv.checker.edn;

import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.HistoryAssembler;
import dev.chaoskv.checker.history.HistoryFormatException;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a Jepsen/Knossos history.edn (see docs/history-format.md, "EDN (Jepsen) input") into a
 * {@link History}: one register (Knossos' cas-register, key {@value EdnEventMapper#REGISTER_KEY})
 * or, when every client invocation's value is a [key value] tuple, jepsen.independent keys.
 * The file is read twice: once to tell the two shapes apart, once to convert.
 */
public final class EdnHistory {
    /** Opens the history text afresh (the file is read twice). */
    @FunctionalInterface
    public interface Source {
        Reader open() throws IOException;
    }

    private EdnHistory() {
    }

    public static History read(Path file) throws CheckerInputException {
        try {
            return read(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8), file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new CheckerInputException("history file not found: " + file);
        } catch (IOException | UncheckedIOException e) {
            throw new CheckerInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static History read(Source text, String source) throws IOException, HistoryFormatException {
        EdnEventMapper mapper = new EdnEventMapper(source, isIndependent(text, source));
        HistoryAssembler assembler = new HistoryAssembler(source);
        try (Reader in = text.open()) {
            EdnEventStream events = new EdnEventStream(in, source);
            Map<?, ?> m;
            while ((m = events.next()) != null) {
                assembler.accept(mapper.toEvent(m, events.line()));
            }
        }
        return assembler.finish();
    }

    /** Independent when there is a client invocation and all of them carry [key value] tuples. */
    private static boolean isIndependent(Source text, String source) throws IOException, HistoryFormatException {
        boolean sawInvoke = false;
        try (Reader in = text.open()) {
            EdnEventStream events = new EdnEventStream(in, source);
            Map<?, ?> m;
            while ((m = events.next()) != null) {
                if (!EdnEventMapper.isTupleInvoke(m)) {
                    return false;
                }
                sawInvoke |= EdnEventMapper.isClientInvoke(m);
            }
        }
        return sawInvoke;
    }
}
