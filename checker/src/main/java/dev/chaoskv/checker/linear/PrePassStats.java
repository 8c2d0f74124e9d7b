package dev.chaoskv.checker.linear;

/**
 * What the pre-pass removed or tightened, summed over keys. Every step is sound: it keeps the
 * history linearizable if and only if it was.
 */
public record PrePassStats(long input, long droppedFailed, long droppedCrashedReads,
                           long droppedUnobservedCrashedWrites, long boundedCrashedWrites,
                           long openCrashedWrites) {
    public static final PrePassStats ZERO = new PrePassStats(0, 0, 0, 0, 0, 0);

    public PrePassStats plus(PrePassStats o) {
        return new PrePassStats(input + o.input, droppedFailed + o.droppedFailed,
                droppedCrashedReads + o.droppedCrashedReads,
                droppedUnobservedCrashedWrites + o.droppedUnobservedCrashedWrites,
                boundedCrashedWrites + o.boundedCrashedWrites, openCrashedWrites + o.openCrashedWrites);
    }
}
