package dev.chaoskv.checker.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs invocations with completions, process by process, and checks that the history is
 * well formed (a process runs one operation at a time, completions match their invocations,
 * values have the right shape). Pure: events in, {@link History} out.
 */
public final class HistoryAssembler {
    private final String source;
    private final Map<Integer, Pending> open = new HashMap<>();
    private final List<Operation> ops = new ArrayList<>();
    private final List<NemesisEvent> nemesis = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> keyIntern = new HashMap<>();

    /** An invocation still waiting for its completion; slot is its place in {@code ops}. */
    private record Pending(RawEvent invoke, Fn f, String key, String expected, String value, int slot) {
    }

    public HistoryAssembler(String source) {
        this.source = source;
    }

    public void accept(RawEvent e) throws HistoryFormatException {
        if (e.nemesis()) {
            nemesis.add(new NemesisEvent(e.time(), e.type(), e.f(), e.valueText(), e.line()));
            return;
        }
        Fn f = Fn.fromWireOrNull(e.f());
        if (f == null) {
            throw error(e.line(), "unknown f \"" + e.f() + "\" (expected read, write, cas, delete or add)");
        }
        switch (e.type()) {
            case "invoke" -> invoke(e, f);
            case "ok" -> complete(e, f, Outcome.OK);
            case "fail" -> complete(e, f, Outcome.FAIL);
            case "info" -> complete(e, f, Outcome.INFO);
            default -> throw error(e.line(), "unknown type \"" + e.type() + "\" (expected invoke, ok, fail or info)");
        }
    }

    private void invoke(RawEvent e, Fn f) throws HistoryFormatException {
        Pending previous = open.get(e.process());
        if (previous != null) {
            throw error(e.line(), "process " + e.process() + " invoked " + f.wireName() + " while its "
                    + previous.f().wireName() + " from line " + previous.invoke().line()
                    + " is still open (a process runs one operation at a time)");
        }
        String expected = null;
        String value = null;
        switch (f) {
            case READ -> { } // the value read arrives with the completion
            case DELETE -> { }
            case WRITE, ADD -> {
                if (!(e.value() instanceof String s)) {
                    throw error(e.line(), f.wireName() + " needs a string \"value\", got " + e.valueText());
                }
                value = s;
            }
            case CAS -> {
                List<String> pair = e.valueList();
                if (pair == null || pair.size() != 2) {
                    throw error(e.line(), "cas needs \"value\": [expected, new], got " + e.valueText());
                }
                expected = pair.get(0);
                value = pair.get(1);
                if (value == null) {
                    throw error(e.line(), "cas new value must be a string, got null");
                }
            }
        }
        String key = keyIntern.computeIfAbsent(e.key(), k -> k);
        int slot = ops.size();
        ops.add(null); // placeholder keeps ids in invocation order
        open.put(e.process(), new Pending(e, f, key, expected, value, slot));
    }

    private void complete(RawEvent e, Fn f, Outcome outcome) throws HistoryFormatException {
        Pending p = open.remove(e.process());
        if (p == null) {
            throw error(e.line(), e.type() + " for process " + e.process() + " has no matching invoke");
        }
        if (p.f() != f) {
            throw error(e.line(), "completion f \"" + f.wireName() + "\" does not match the invoke at line "
                    + p.invoke().line() + " (\"" + p.f().wireName() + "\")");
        }
        if (!p.key().equals(e.key())) {
            throw error(e.line(), "completion key \"" + e.key() + "\" does not match the invoke at line "
                    + p.invoke().line() + " (\"" + p.key() + "\")");
        }
        if (e.time() < p.invoke().time()) {
            throw error(e.line(), "completion time " + e.time() + " is before its invoke time "
                    + p.invoke().time() + " (line " + p.invoke().line() + ")");
        }
        String value = p.value();
        if (f == Fn.READ && outcome == Outcome.OK) {
            if (e.value() != null && !(e.value() instanceof String)) {
                throw error(e.line(), "a read returns a string or null, got " + e.valueText());
            }
            value = (String) e.value();
        }
        ops.set(p.slot(), new Operation(p.slot(), e.process(), f, p.key(), p.expected(), value, outcome,
                p.invoke().time(), e.time(), e.node(), p.invoke().line(), e.line()));
    }

    /** Finishes the history: invocations left open become info with no completion. */
    public History finish() {
        int unfinished = 0;
        for (Pending p : open.values()) {
            unfinished++;
            ops.set(p.slot(), new Operation(p.slot(), p.invoke().process(), p.f(), p.key(), p.expected(),
                    p.f() == Fn.READ ? null : p.value(), Outcome.INFO, p.invoke().time(),
                    Operation.NO_COMPLETION, null, p.invoke().line(), 0));
        }
        open.clear();
        if (unfinished > 0) {
            warnings.add(unfinished + " invocation(s) had no completion; treated as info (may have happened)");
        }
        return new History(ops, nemesis, unfinished, warnings);
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    private HistoryFormatException error(int line, String problem) {
        return new HistoryFormatException(source, line, problem);
    }
}
