package dev.chaoskv.checker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to check a run.
 *
 * @param timeLimit            wall-time bound of the whole check; linearizability keys unfinished by
 *                             then are reported unknown
 * @param memoryLimitBytes     bound on the linearizability search's memo tables (all keys together);
 *                             further capped at 60% of the heap free when the search starts
 * @param threads              keys searched in parallel
 * @param stopAtFirstViolation cancel the remaining keys once one key is proven non-linearizable
 * @param finalState           final.json to use instead of the one beside the history (null = beside it, if any)
 * @param lag                  lag.jsonl to use instead of the one beside the history (null = beside it, if any)
 */
public record CheckOptions(Duration timeLimit, long memoryLimitBytes, int threads, boolean stopAtFirstViolation,
                           Path finalState, Path lag) {

    public static CheckOptions defaults() {
        return new CheckOptions(Duration.ofSeconds(60), 2L << 30, Runtime.getRuntime().availableProcessors(), true,
                null, null);
    }

    public CheckOptions withTimeLimit(Duration d) {
        return new CheckOptions(d, memoryLimitBytes, threads, stopAtFirstViolation, finalState, lag);
    }

    public CheckOptions withMemoryLimit(long bytes) {
        return new CheckOptions(timeLimit, bytes, threads, stopAtFirstViolation, finalState, lag);
    }

    public CheckOptions withThreads(int n) {
        return new CheckOptions(timeLimit, memoryLimitBytes, n, stopAtFirstViolation, finalState, lag);
    }

    public CheckOptions withStopAtFirstViolation(boolean stop) {
        return new CheckOptions(timeLimit, memoryLimitBytes, threads, stop, finalState, lag);
    }

    public CheckOptions withFinalState(Path p) {
        return new CheckOptions(timeLimit, memoryLimitBytes, threads, stopAtFirstViolation, p, lag);
    }

    public CheckOptions withLag(Path p) {
        return new CheckOptions(timeLimit, memoryLimitBytes, threads, stopAtFirstViolation, finalState, p);
    }
}
