package dev.chaoskv.chaos.cluster;

import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kvnode processes of one run, wherever they run. The runner starts, faults and stops nodes
 * only through this interface, and reaches them only at the addresses it gives, so that a
 * cluster of local processes and one of remote machines are interchangeable.
 */
public interface Cluster extends AutoCloseable {

    /** The node ids, in the plan's order. */
    List<String> nodeIds();

    /**
     * Node id -> where the node itself listens. The lag sampler and the final-state collection
     * dial these directly, never through a proxy: the observer must see through the faults.
     */
    Map<String, HostPort> addresses();

    /**
     * Starts every node for the first time. Each node dials its peer {@code p} at
     * {@code links.get(ClusterPlan.peerProxy(self, p))}, so that what it sends crosses the link
     * the network faults act on.
     */
    void launch(Map<String, HostPort> links) throws IOException;

    /**
     * If node {@code id} exited at start-up because another process took its port between the
     * moment the port was chosen and the node's bind, gives it a new free port (it is not
     * started again) and returns the new address; empty otherwise. The links that reach the
     * node must then be rerouted ({@code NetworkFaults.reroute}).
     */
    default Optional<HostPort> movePortIfTaken(String id) throws IOException {
        return Optional.empty();
    }

    /** (Re)starts one node that is not running, on the same data; no-op if it runs. */
    void start(String id) throws IOException;

    /** kill -9: no shutdown hook, no flush; returns once the process is gone. */
    void kill(String id);

    /** SIGSTOP. */
    void pause(String id);

    /** SIGCONT. */
    void resume(String id);

    /** Undoes every process fault: resumes every node, restarts the dead. Returns the problems met. */
    List<String> heal();

    boolean running(String id);

    /** The exit code of a node that is not running. */
    int exitCode(String id);

    /** True if the node's process is stopped (SIGSTOP), as the operating system sees it. */
    boolean stopped(String id);

    /** The node's log, in the run folder. */
    Path logFile(String id);

    /** Deletes the nodes' data (once a run is valid; kept otherwise for post-mortems). Best effort. */
    void discardData();

    /** Stops every node. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
