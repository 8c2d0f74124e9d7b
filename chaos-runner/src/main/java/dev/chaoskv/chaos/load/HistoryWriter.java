package dev.chaoskv.chaos.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams history.jsonl as the run goes: one JSON object per line, written with Jackson's
 * streaming generator (no tree per event). Times are taken under the writer's lock, so lines are
 * in time order and each process's invoke precedes its completion. A flusher pushes the buffer
 * to the file every {@code flushMillis}, so a crashed run leaves a checkable prefix.
 */
public final class HistoryWriter implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OutputStream out;
    private final JsonGenerator gen;
    private final long startNanos;
    private final Thread flusher;
    private long index;
    private boolean closed;

    public HistoryWriter(Path file, long startNanos, long flushMillis) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16);
        this.gen = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        this.gen.setRootValueSeparator(null);
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
            begin(t, process, "invoke", op);
            writeValue(op, null, false);
            end();
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
            begin(t, process, type, op);
            writeValue(op, readValue, "ok".equals(type));
            if (node != null) gen.writeStringField("node", node);
            if (error != null) gen.writeStringField("error", error);
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    /** Writes a nemesis event (process "nemesis", type info); returns its time. */
    public synchronized long nemesis(String f, Object value) {
        long t = now();
        try {
            gen.writeStartObject();
            gen.writeNumberField("index", index++);
            gen.writeNumberField("time", t);
            gen.writeStringField("process", "nemesis");
            gen.writeStringField("type", "info");
            gen.writeStringField("f", f);
            gen.writeFieldName("value");
            JsonNode tree = MAPPER.valueToTree(value);
            MAPPER.writeTree(gen, tree);
            end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    private void begin(long t, int process, String type, Op op) throws IOException {
        if (closed) throw new IOException("history is closed");
        gen.writeStartObject();
        gen.writeNumberField("index", index++);
        gen.writeNumberField("time", t);
        gen.writeNumberField("process", process);
        gen.writeStringField("type", type);
        gen.writeStringField("f", op.f());
        gen.writeStringField("key", op.key());
    }

    private void writeValue(Op op, String readValue, boolean ok) throws IOException {
        gen.writeFieldName("value");
        // (Java 17: no pattern switch yet, so instanceof chains.)
        if (op instanceof Op.Read) {
            if (ok && readValue != null) gen.writeString(readValue);
            else gen.writeNull();
        } else if (op instanceof Op.Write w) {
            gen.writeString(w.value());
        } else if (op instanceof Op.Add a) {
            gen.writeString(a.value());
        } else if (op instanceof Op.Cas c) {
            gen.writeStartArray();
            if (c.expected() == null) gen.writeNull();
            else gen.writeString(c.expected());
            gen.writeString(c.value());
            gen.writeEndArray();
        }
    }

    private void end() throws IOException {
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    public synchronized long events() {
        return index;
    }

    public synchronized void flush() {
        if (closed) return;
        try {
            gen.flush();
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
            gen.close();
            out.close();
        }
    }
}
