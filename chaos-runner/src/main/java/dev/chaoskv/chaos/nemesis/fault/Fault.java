package dev.chaoskv.chaos.nemesis.fault;

/**
 * One planned fault, one class per {@link FaultKind}, as far as the seed decides it: random
 * targets are drawn from the seed; targets that depend on the cluster at run time (the current
 * leader) stay symbolic until {@link #resolve} is called as the window opens.
 */
public sealed interface Fault permits Partition, Kill, Pause, Latency, OnLinks {

    FaultKind kind();

    /** Human-readable one-liner for the dry run. */
    String describe();

    /** The concrete links or nodes to fault, now, and how to apply and undo that. */
    Injection resolve(Targets targets);
}
