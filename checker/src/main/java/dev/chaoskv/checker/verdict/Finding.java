package dev.chaoskv.checker.verdict;

import dev.chaoskv.checker.history.Operation;

import java.util.List;

/**
 * One problem a check found, explained for an operator.
 *
 * @param kind     machine-readable category, e.g. "lost-write"
 * @param key      the key concerned (null when not about one key)
 * @param sentence one plain sentence saying what went wrong
 * @param ops      the operations that show it
 */
public record Finding(String kind, String key, String sentence, List<Operation> ops) {
    public Finding {
        ops = List.copyOf(ops);
    }
}
