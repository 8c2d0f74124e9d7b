package dev.chaoskv.raft.sim;

/** A safety property of the cluster (or the driver contract of the core) did not hold. */
final class InvariantViolation extends RuntimeException {
    final String invariant;

    InvariantViolation(String invariant, String detail) {
        super(invariant + ": " + detail);
        this.invariant = invariant;
    }
}
