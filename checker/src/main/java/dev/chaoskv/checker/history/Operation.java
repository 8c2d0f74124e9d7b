package dev.chaoskv.checker.history;

/**
 * One client operation: an invocation paired with its completion.
 *
 * @param id           dense id in invocation order (0, 1, 2, ...)
 * @param process      the client process that ran it
 * @param f            what it did
 * @param key          the key it touched
 * @param expected     for cas only: the value it expected (null = absent)
 * @param value        write/add: the value written; cas: the new value; read: the value read
 *                     (ok reads only, null = absent); delete: null
 * @param outcome      ok / fail / info (an invocation with no completion is info)
 * @param invokeTime   ns since run start
 * @param completeTime ns since run start, or {@link #NO_COMPLETION} when the history ends first
 * @param node         the node that answered, when the completion said so
 * @param invokeLine   1-based line of the invocation in the source file (0 if generated)
 * @param completeLine 1-based line of the completion (0 if none)
 */
public record Operation(int id, int process, Fn f, String key, String expected, String value,
                        Outcome outcome, long invokeTime, long completeTime, String node,
                        int invokeLine, int completeLine) {

    public static final long NO_COMPLETION = Long.MAX_VALUE;

    public boolean isOk() {
        return outcome == Outcome.OK;
    }

    public boolean isInfo() {
        return outcome == Outcome.INFO;
    }

    public boolean hasCompletion() {
        return completeTime != NO_COMPLETION;
    }

    /** Latency in ns, or -1 when the operation never completed. */
    public long latencyNanos() {
        return hasCompletion() ? completeTime - invokeTime : -1;
    }

    public Operation withValue(String newValue) {
        return new Operation(id, process, f, key, expected, newValue, outcome, invokeTime, completeTime,
                node, invokeLine, completeLine);
    }

    public Operation withTimes(long newInvoke, long newComplete) {
        return new Operation(id, process, f, key, expected, value, outcome, newInvoke, newComplete,
                node, invokeLine, completeLine);
    }

    public Operation withId(int newId) {
        return new Operation(newId, process, f, key, expected, value, outcome, invokeTime, completeTime,
                node, invokeLine, completeLine);
    }

    /** A short human description: "write of v3 to k7 by process 2". */
    public String describe() {
        return switch (f) {
            case READ -> "read of " + key + " by process " + process
                    + (isOk() ? " returned " + Values.show(value) : "");
            case WRITE -> "write of " + Values.show(value) + " to " + key + " by process " + process;
            case ADD -> "add of " + key + "=" + Values.show(value) + " by process " + process;
            case DELETE -> "delete of " + key + " by process " + process;
            case CAS -> "cas of " + key + " from " + Values.show(expected) + " to " + Values.show(value)
                    + " by process " + process;
        };
    }
}
