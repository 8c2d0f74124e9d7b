package dev.chaoskv.checker.history;

import java.util.List;
import java.util.OptionalLong;

/**
 * A parsed history: client operations in invocation order (ids 0..n-1) and nemesis events.
 *
 * @param unfinished number of invocations that had no completion when the history ended
 * @param warnings   non-fatal remarks about the input (e.g. a truncated last line)
 */
public record History(List<Operation> operations, List<NemesisEvent> nemesis, int unfinished,
                      List<String> warnings) {

    public History {
        operations = List.copyOf(operations);
        nemesis = List.copyOf(nemesis);
        warnings = List.copyOf(warnings);
    }

    public static History of(List<Operation> operations) {
        return new History(operations, List.of(), 0, List.of());
    }

    /** Time of the last "heal" nemesis event, if the run had one. */
    public OptionalLong lastHealTime() {
        return nemesis.stream().filter(NemesisEvent::isHeal).mapToLong(NemesisEvent::time).max();
    }
}
