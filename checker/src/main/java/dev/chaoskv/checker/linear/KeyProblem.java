package dev.chaoskv.checker.linear;

import dev.chaoskv.checker.history.Operation;

import java.util.List;

/**
 * One key's register operations after the pre-pass, in the compact form the search runs on:
 * parallel arrays indexed by op number, values interned as ints (0 = absent).
 */
final class KeyProblem {
    static final byte READ = 0;
    static final byte WRITE = 1;
    static final byte CAS = 2;
    static final byte DELETE = 3;
    /** Return time of an operation that may take effect at any time after its invocation. */
    static final long OPEN = Long.MAX_VALUE;

    final String key;
    final int n;
    final byte[] kind;
    /** read: the value read; write: the value written; cas: the expected value. */
    final int[] arg;
    /** cas: the new value. */
    final int[] arg2;
    final long[] call;
    /** Effective return time; {@link #OPEN} for crashed operations that may never have happened. */
    final long[] ret;
    final Operation[] source;
    /** Interned value number to text; index 0 is null (absent). */
    final List<String> values;

    KeyProblem(String key, byte[] kind, int[] arg, int[] arg2, long[] call, long[] ret, Operation[] source,
               List<String> values) {
        this.key = key;
        this.n = kind.length;
        this.kind = kind;
        this.arg = arg;
        this.arg2 = arg2;
        this.call = call;
        this.ret = ret;
        this.source = source;
        this.values = values;
    }

    boolean optional(int op) {
        return ret[op] == OPEN;
    }

    /** The register model: the state after {@code op} applied to {@code state}, or -1 if op cannot happen there. */
    int step(int op, int state) {
        return switch (kind[op]) {
            case READ -> arg[op] == state ? state : -1;
            case WRITE -> arg[op];
            case DELETE -> 0;
            case CAS -> arg[op] == state ? arg2[op] : -1;
            default -> throw new IllegalStateException("kind " + kind[op]);
        };
    }

    String value(int interned) {
        return values.get(interned);
    }
}
