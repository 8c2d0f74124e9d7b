package dev.chaoskv.kvnode.server;

import java.io.PrintStream;
import java.time.Instant;

/** One line per event, timestamped and tagged with the node id, so several nodes' logs interleave readably. */
public final class NodeLog {
    private final String nodeId;
    private final PrintStream out;

    public NodeLog(String nodeId, PrintStream out) {
        this.nodeId = nodeId;
        this.out = out;
    }

    public void info(String message) {
        synchronized (out) {
            out.println(Instant.now() + " " + nodeId + " " + message);
            out.flush();
        }
    }
}
