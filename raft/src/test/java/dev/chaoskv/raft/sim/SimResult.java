package dev.chaoskv.raft.sim;

/**
 * Outcome of one seed: {@code invariant} is null when every check held, else the name of the
 * property that broke and {@code report} says how (with logs, trace tail and a command to rerun).
 */
record SimResult(long seed, SimParams params, String invariant, String report, long committed, long terms,
                 long ticks, long readsServed) {

    boolean ok() {
        return invariant == null;
    }
}
