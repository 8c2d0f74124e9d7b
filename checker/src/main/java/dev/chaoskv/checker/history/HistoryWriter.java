package dev.chaoskv.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a {@link History} back as history.jsonl: used by the generator (benchmarks, tests)
 * and as the reference encoder of docs/history-format.md.
 */
public final class HistoryWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private HistoryWriter() {
    }

    /** One event of the file: an operation's invocation or completion, or a nemesis event. */
    private record Event(long time, int order, Operation op, boolean invoke, NemesisEvent nemesis) {
    }

    public static void write(History history, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(history, out);
        }
    }

    public static void write(History history, Writer out) throws IOException {
        List<Event> events = new ArrayList<>(history.operations().size() * 2 + history.nemesis().size());
        int order = 0;
        for (Operation op : history.operations()) {
            events.add(new Event(op.invokeTime(), order++, op, true, null));
            if (op.hasCompletion()) {
                events.add(new Event(op.completeTime(), order++, op, false, null));
            }
        }
        for (NemesisEvent n : history.nemesis()) {
            events.add(new Event(n.time(), order++, null, false, n));
        }
        // Time order; at equal times an invocation sorts after completions so that a process's
        // previous operation is closed before its next one opens.
        events.sort(Comparator.comparingLong(Event::time)
                .thenComparing(e -> e.op() != null && e.invoke())
                .thenComparingInt(Event::order));
        long index = 0;
        for (Event e : events) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeNumberField("index", index++);
                g.writeNumberField("time", e.time());
                if (e.nemesis() != null) {
                    g.writeStringField("process", "nemesis");
                    g.writeStringField("type", e.nemesis().type());
                    g.writeStringField("f", e.nemesis().f());
                    g.writeFieldName("value");
                    g.writeRawValue(e.nemesis().valueJson());
                } else {
                    writeOp(g, e.op(), e.invoke());
                }
                g.writeEndObject();
            }
            out.write('\n');
        }
    }

    private static void writeOp(JsonGenerator g, Operation op, boolean invoke) throws IOException {
        g.writeNumberField("process", op.process());
        g.writeStringField("type", invoke ? "invoke" : op.outcome().wireName());
        g.writeStringField("f", op.f().wireName());
        g.writeStringField("key", op.key());
        g.writeFieldName("value");
        switch (op.f()) {
            case READ -> {
                if (invoke || !op.isOk()) {
                    g.writeNull();
                } else {
                    writeNullable(g, op.value());
                }
            }
            case CAS -> {
                g.writeStartArray();
                writeNullable(g, op.expected());
                writeNullable(g, op.value());
                g.writeEndArray();
            }
            case DELETE -> g.writeNull();
            case WRITE, ADD -> writeNullable(g, op.value());
        }
        if (!invoke && op.node() != null) {
            g.writeStringField("node", op.node());
        }
    }

    private static void writeNullable(JsonGenerator g, String v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else {
            g.writeString(v);
        }
    }
}
