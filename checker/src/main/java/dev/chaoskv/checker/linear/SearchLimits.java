package dev.chaoskv.checker.linear;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds shared by the searches of one check.
 *
 * @param deadlineNanos a {@link System#nanoTime()} instant after which searches give up
 * @param cancel        set when another key already proved the history invalid
 */
record SearchLimits(long deadlineNanos, MemoryBudget budget, AtomicBoolean cancel) {
}
