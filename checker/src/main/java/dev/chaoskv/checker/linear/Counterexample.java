package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Operation;

import java.util.List;

/**
 * A linearizability violation explained.
 *
 * @param kind          "never-written", "failed-write-read", "read-before-write", "stale-read" or
 *                      "no-linearization" (the general case, found only by the search)
 * @param sentence      one plain sentence for an operator
 * @param window        the few operations (at most {@link #MAX_WINDOW}) that show it, by invocation time
 * @param prefixLength  length of the longest linearizable prefix the search found
 * @param prefixTail    the last few operations of that prefix, in linearization order
 * @param stateAfterPrefix the register value after that prefix (null = absent)
 */
public record Counterexample(String key, String kind, String sentence, List<Operation> window, int prefixLength,
                             List<Operation> prefixTail, String stateAfterPrefix) {
    public static final int MAX_WINDOW = 10;

    public Counterexample {
        window = List.copyOf(window);
        prefixTail = List.copyOf(prefixTail);
    }
}
