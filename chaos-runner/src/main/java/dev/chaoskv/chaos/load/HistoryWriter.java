package dev.chaoskv.chaos.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.Outcome;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records history.jsonl as the run goes, through the checker's {@link
 * dev.chaoskv.checker.history.HistoryWriter} (the one encoder of the format). This class adds
 * what a live run needs: the run's clock (times are taken under the lock, so lines are in time
 * order and each process's invoke precedes its completion), thread safety, and a flusher that
 * pushes the buffer to the file every {@code flushMillis}, so a crashed run leaves a checkable
 * prefix.
 */
public final class HistoryWriter implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final dev.chaoskv.checker.history.HistoryWriter encoder;
    private final long startNanos;
    private final Thread flusher;
    private boolean closed;

    public HistoryWriter(Path file, long startNanos, long flushMillis) throws IOException {
        this.encoder = new dev.chaoskv.checker.history.HistoryWriter(new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16));
        this.startNanos = startNanos;
        this.flusher = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(flushMillis);
                    flush();
                }
            } catch (InterruptedException e) {
                // closing
            }
        }, "history-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Nanoseconds since the run started, on the runner's monotonic clock. */
    public long now() {
        return System.nanoTime() - startNanos;
    }

    /** Writes a client invocation; returns its time. */
    public synchronized long invoke(int process, Op op) {
        long t = now();
        try {
            open();
            encoder.invoke(t, process, fn(op), op.key(), expected(op), written(op));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    /**
     * Writes a completion; returns its time.
     *
     * @param type     ok, fail or info
     * @param readValue the value a successful read returned (null = absent)
     * @param node     the node that answered, if known
     * @param error    why it failed or is unknown (extra field, ignored by checkers)
     */
    public synchronized long complete(int process, Op op, String type, String readValue, String node, String error) {
        long t = now();
        try {
            open();
            String value = op instanceof Op.Read ? readValue : written(op);
            encoder.complete(t, process, outcome(type), fn(op), op.key(), expected(op), value, node, error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    /** Writes a nemesis event (process "nemesis", type info); returns its time. */
    public synchronized long nemesis(String f, Object value) {
        long t = now();
        try {
            open();
            encoder.nemesis(t, "info", f, MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    private void open() throws IOException {
        if (closed) throw new IOException("history is closed");
    }

    private static Fn fn(Op op) {
        if (op instanceof Op.Read) return Fn.READ;
        if (op instanceof Op.Write) return Fn.WRITE;
        if (op instanceof Op.Cas) return Fn.CAS;
        if (op instanceof Op.Add) return Fn.ADD;
        throw new IllegalArgumentException("no history f for " + op);
    }

    private static Outcome outcome(String type) {
        return switch (type) {
            case "ok" -> Outcome.OK;
            case "fail" -> Outcome.FAIL;
            case "info" -> Outcome.INFO;
            default -> throw new IllegalArgumentException("completion type '" + type + "' is not ok, fail or info");
        };
    }

    private static String expected(Op op) {
        return op instanceof Op.Cas c ? c.expected() : null;
    }

    /** The value an operation writes (null for a read). */
    private static String written(Op op) {
        if (op instanceof Op.Write w) return w.value();
        if (op instanceof Op.Add a) return a.value();
        if (op instanceof Op.Cas c) return c.value();
        return null;
    }

    public synchronized long events() {
        return encoder.events();
    }

    public synchronized void flush() {
        if (closed) return;
        try {
            encoder.flush();
        } catch (IOException e) {
            // the next write reports it
        }
    }

    @Override
    public void close() throws IOException {
        flusher.interrupt();
        synchronized (this) {
            if (closed) return;
            closed = true;
            encoder.close();
        }
    }
}
