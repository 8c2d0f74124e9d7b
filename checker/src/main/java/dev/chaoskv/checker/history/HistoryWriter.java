package dev.chaoskv.checker.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one encoder of history.jsonl (docs/history-format.md): one JSON object per line, written
 * with Jackson's streaming generator (no tree per event), each line numbered by {@code index}.
 * The chaos runner streams events through it as a run goes; {@link #write(History, Path)} writes
 * a whole {@link History} (the generator, benchmarks, tests). Not thread-safe: a caller that
 * writes from several threads serializes the calls.
 */
public final class HistoryWriter implements Closeable, Flushable {
    private static final JsonFactory FACTORY = new JsonFactory();
    // Field names encoded once, not per event (the runner writes two events per operation).
    private static final SerializedString INDEX = new SerializedString("index");
    private static final SerializedString TIME = new SerializedString("time");
    private static final SerializedString PROCESS = new SerializedString("process");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString F = new SerializedString("f");
    private static final SerializedString KEY = new SerializedString("key");
    private static final SerializedString VALUE = new SerializedString("value");
    private static final SerializedString NODE = new SerializedString("node");
    private static final SerializedString ERROR = new SerializedString("error");

    private final JsonGenerator gen;
    private long index;

    /** Writes UTF-8 lines to {@code out}; {@link #close()} closes it. */
    public HistoryWriter(OutputStream out) throws IOException {
        this.gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        this.gen.setRootValueSeparator(null);
    }

    /** A client's invocation of an operation. */
    public void invoke(long time, int process, Fn f, String key, String expected, String value) throws IOException {
        begin(time, process, "invoke", f, key);
        writeValue(f, expected, value, true, false);
        end();
    }

    /**
     * A completion.
     *
     * @param value the value written, or the value a read returned (null = absent)
     * @param node  the node that answered, if known (null = omitted)
     * @param error why it failed or is unknown: an extra field that checkers ignore (null = omitted)
     */
    public void complete(long time, int process, Outcome outcome, Fn f, String key, String expected, String value,
                         String node, String error) throws IOException {
        begin(time, process, outcome.wireName(), f, key);
        writeValue(f, expected, value, false, outcome == Outcome.OK);
        if (node != null) {
            gen.writeFieldName(NODE);
            gen.writeString(node);
        }
        if (error != null) {
            gen.writeFieldName(ERROR);
            gen.writeString(error);
        }
        end();
    }

    /** A nemesis event; {@code valueJson} is its "value" as JSON text. */
    public void nemesis(long time, String type, String f, String valueJson) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("index", index++);
        gen.writeNumberField("time", time);
        gen.writeStringField("process", "nemesis");
        gen.writeStringField("type", type);
        gen.writeStringField("f", f);
        gen.writeFieldName("value");
        gen.writeRawValue(valueJson);
        end();
    }

    /** Lines written so far. */
    public long events() {
        return index;
    }

    @Override
    public void flush() throws IOException {
        gen.flush();
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }

    private void begin(long time, int process, String type, Fn f, String key) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(INDEX);
        gen.writeNumber(index++);
        gen.writeFieldName(TIME);
        gen.writeNumber(time);
        gen.writeFieldName(PROCESS);
        gen.writeNumber(process);
        gen.writeFieldName(TYPE);
        gen.writeString(type);
        gen.writeFieldName(F);
        gen.writeString(f.wireName());
        gen.writeFieldName(KEY);
        gen.writeString(key);
    }

    private void writeValue(Fn f, String expected, String value, boolean invoke, boolean ok) throws IOException {
        gen.writeFieldName(VALUE);
        switch (f) {
            // A read carries a value only once it returned one.
            case READ -> writeNullable(invoke || !ok ? null : value);
            case CAS -> {
                gen.writeStartArray();
                writeNullable(expected);
                writeNullable(value);
                gen.writeEndArray();
            }
            case DELETE -> gen.writeNull();
            case WRITE, ADD -> writeNullable(value);
        }
    }

    private void writeNullable(String v) throws IOException {
        if (v == null) gen.writeNull();
        else gen.writeString(v);
    }

    private void end() throws IOException {
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /** Writes a whole history to {@code file}, events in time order. */
    public static void write(History history, Path file) throws IOException {
        try (HistoryWriter w = new HistoryWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            w.writeAll(history);
        }
    }

    /** One event of a whole history: an operation's invocation or completion, or a nemesis event. */
    private record Event(long time, int order, Operation op, boolean invoke, NemesisEvent nemesis) {
    }

    private void writeAll(History history) throws IOException {
        List<Event> events = new ArrayList<>(history.operations().size() * 2 + history.nemesis().size());
        int order = 0;
        for (Operation op : history.operations()) {
            events.add(new Event(op.invokeTime(), order++, op, true, null));
            if (op.hasCompletion()) events.add(new Event(op.completeTime(), order++, op, false, null));
        }
        for (NemesisEvent n : history.nemesis()) events.add(new Event(n.time(), order++, null, false, n));
        // Time order; at equal times an invocation sorts after completions so that a process's
        // previous operation is closed before its next one opens.
        events.sort(Comparator.comparingLong(Event::time)
                .thenComparing(e -> e.op() != null && e.invoke())
                .thenComparingInt(Event::order));
        for (Event e : events) {
            Operation op = e.op();
            if (e.nemesis() != null) {
                nemesis(e.time(), e.nemesis().type(), e.nemesis().f(), e.nemesis().valueJson());
            } else if (e.invoke()) {
                invoke(e.time(), op.process(), op.f(), op.key(), op.expected(), op.value());
            } else {
                complete(e.time(), op.process(), op.outcome(), op.f(), op.key(), op.expected(), op.value(), op.node(), null);
            }
        }
    }
}
