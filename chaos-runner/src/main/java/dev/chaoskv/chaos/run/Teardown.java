package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.nemesis.Nemesis;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.observe.LagSampler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Releases everything a run holds, once, from the normal path, an error, or Ctrl-C (a shutdown
 * hook), so that a run never leaves a fault, a paused node or an orphaned process behind. The run
 * hands each resource over as soon as it exists.
 */
final class Teardown {
    private final PrintStream err;
    volatile NetworkFaults network;
    volatile Path runDir;
    volatile FaultLedger ledger;
    volatile Cluster cluster;
    volatile HistoryWriter history;
    volatile LagSampler sampler;
    volatile LoadDriver load;
    volatile Nemesis nemesis;
    volatile Thread nemesisThread;
    private boolean healed, stopped, finished;
    private volatile boolean signalled;

    Teardown(PrintStream err) {
        this.err = err;
    }

    /** Stops the nemesis and undoes every fault; records "heal" in the history and the ledger. */
    synchronized List<String> heal() throws InterruptedException {
        if (healed) return List.of();
        healed = true;
        List<String> problems = new ArrayList<>();
        if (nemesis != null) {
            nemesis.stop();
            if (nemesisThread != null) nemesisThread.join(15_000);
            nemesis.undo();
        }
        if (network != null) problems.addAll(network.healAll());
        if (cluster != null) problems.addAll(cluster.heal());
        // Verify rather than trust: no toxic, every proxy enabled, every node alive and not stopped.
        if (network != null) problems.addAll(network.verifyHealed());
        if (cluster != null) {
            for (String id : cluster.nodeIds()) {
                if (!cluster.running(id)) problems.add(id + " not running");
                else if (cluster.stopped(id)) problems.add(id + " still stopped");
            }
        }
        if (history != null) {
            try {
                history.nemesis("heal", Map.of("problems", problems));
            } catch (RuntimeException e) {
                // the history is closed (Ctrl-C after the load phase)
            }
        }
        if (ledger != null) ledger.append("heal", Map.of("problems", problems));
        return problems;
    }

    /** Stops nodes and Toxiproxy (after heal). */
    synchronized void stopEverything() {
        if (stopped) return;
        stopped = true;
        if (sampler != null) sampler.close();
        if (cluster != null) cluster.close();
        if (network != null) network.close();
    }

    synchronized void done() {
        finished = true;
    }

    /** Error path: heal, stop, keep what was recorded. */
    synchronized void abort(String why) {
        if (finished) return;
        finished = true;
        if (load != null) load.halt();
        try {
            List<String> problems = heal();
            if (!problems.isEmpty()) err.println("heal problems: " + problems);
        } catch (InterruptedException | RuntimeException e) {
            err.println("heal failed: " + e);
        }
        stopEverything();
        if (history != null) {
            try {
                history.close();
            } catch (IOException ignored) {
                // keep going: the prefix on disk is what we have
            }
        }
        if (ledger != null) {
            try {
                ledger.append("aborted", Map.of("reason", why));
            } catch (RuntimeException e) {
                // already closed: the run had finished writing it
            }
            ledger.finished();
            ledger.close();
        }
        if (runDir != null) err.println("the run stopped early (" + why + "); what was recorded is in " + runDir);
    }

    /** Shutdown hook (Ctrl-C, SIGTERM): same as abort unless the run already finished. */
    void interrupted() {
        signalled = true;
        abort("interrupted by a signal");
    }

    /**
     * True once a signal's teardown has begun: what the run's own thread then fails at (a node
     * it can no longer start, a history already closed) is a consequence, not an error to report.
     */
    boolean signalled() {
        return signalled;
    }
}
