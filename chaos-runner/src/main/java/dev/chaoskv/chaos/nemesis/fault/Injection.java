package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.LinkFault;
import dev.chaoskv.chaos.network.NetworkFaults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fault with concrete targets: what it does to the cluster or its network, how that is undone,
 * and how the history and the status line name it. One record per mechanism; the
 * {@link Fault} kinds decide the targets.
 */
public sealed interface Injection {

    FaultKind kind();

    /** The "value" of the fault's nemesis events in the history: {"fault": name, ...what it hit}; a new map each time. */
    Map<String, Object> value();

    /** The history's {@code f} once the fault is in place. */
    String startEvent();

    /** The history's {@code f} once it is undone. */
    String stopEvent();

    /** What it hit, for the status line after the fault's name. */
    String targets();

    /** True if there is nothing to fault (no link, no node): such a fault is skipped, not injected. */
    boolean hitsNothing();

    void apply(Cluster cluster, NetworkFaults network) throws IOException;

    /** Undoes {@link #apply} as far as it went; returns the problems met (empty = undone). */
    List<String> undo(Cluster cluster, NetworkFaults network);

    /** Peer links cut in {@code mode}; {@code details} are the shape of the cut, for the history. */
    record CutLinks(FaultKind kind, CutMode mode, List<String> links, Map<String, Object> details) implements Injection {
        public CutLinks {
            links = List.copyOf(links);
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        @Override
        public Map<String, Object> value() {
            Map<String, Object> v = start(kind);
            v.putAll(details);
            v.put("mode", mode.wireName());
            v.put("cut", links);
            return v;
        }

        @Override
        public String startEvent() {
            return "start-partition";
        }

        @Override
        public String stopEvent() {
            return "stop-partition";
        }

        @Override
        public String targets() {
            return "(" + mode.wireName() + ", " + links.size() + " links)";
        }

        @Override
        public boolean hitsNothing() {
            return links.isEmpty();
        }

        @Override
        public void apply(Cluster cluster, NetworkFaults network) throws IOException {
            for (String l : links) network.cut(l, mode);
        }

        @Override
        public List<String> undo(Cluster cluster, NetworkFaults network) {
            return heal(links, network);
        }
    }

    /** Latency with jitter on peer links. */
    record SlowLinks(FaultKind kind, List<String> links, int latencyMs, int jitterMs) implements Injection {
        public SlowLinks {
            links = List.copyOf(links);
        }

        @Override
        public Map<String, Object> value() {
            Map<String, Object> v = start(kind);
            v.put("latencyMs", latencyMs);
            v.put("jitterMs", jitterMs);
            return v;
        }

        @Override
        public String startEvent() {
            return "start-latency";
        }

        @Override
        public String stopEvent() {
            return "stop-latency";
        }

        @Override
        public String targets() {
            return "";
        }

        @Override
        public boolean hitsNothing() {
            return links.isEmpty();
        }

        @Override
        public void apply(Cluster cluster, NetworkFaults network) throws IOException {
            for (String l : links) network.slow(l, latencyMs, jitterMs);
        }

        @Override
        public List<String> undo(Cluster cluster, NetworkFaults network) {
            return heal(links, network);
        }
    }

    /** A {@link LinkFault} on the peer links of one node, both ways; undone by healing those links. */
    record DegradeLinks(FaultKind kind, String node, List<String> links, LinkFault fault) implements Injection {
        public DegradeLinks {
            links = List.copyOf(links);
        }

        @Override
        public Map<String, Object> value() {
            Map<String, Object> v = start(kind);
            v.put("node", node);
            if (fault instanceof LinkFault.Bandwidth b) {
                v.put("rateKBps", b.rateKBps());
            } else if (fault instanceof LinkFault.Slicer s) {
                v.put("averageSize", s.averageSize());
                v.put("sizeVariation", s.sizeVariation());
                v.put("delayUs", s.delayMicros());
            } else if (fault instanceof LinkFault.ResetPeer r) {
                v.put("timeoutMs", r.timeoutMs());
            } else if (fault instanceof LinkFault.PacketLoss l) {
                v.put("lossPercent", l.percent());
            }
            v.put("links", links);
            return v;
        }

        @Override
        public String startEvent() {
            return "start-" + kind.wireName();
        }

        @Override
        public String stopEvent() {
            return "stop-" + kind.wireName();
        }

        @Override
        public String targets() {
            return " [" + node + "]";
        }

        @Override
        public boolean hitsNothing() {
            return links.isEmpty();
        }

        @Override
        public void apply(Cluster cluster, NetworkFaults network) throws IOException {
            for (String l : links) network.degrade(l, fault);
        }

        @Override
        public List<String> undo(Cluster cluster, NetworkFaults network) {
            return heal(links, network);
        }
    }

    /** A fault on whole nodes: the history and the status line name the nodes it hit. */
    sealed interface OnNodes extends Injection {
        List<String> nodes();

        @Override
        default Map<String, Object> value() {
            return nodesValue(kind(), nodes());
        }

        @Override
        default String targets() {
            return nodesTargets(nodes());
        }

        @Override
        default boolean hitsNothing() {
            return nodes().isEmpty();
        }
    }

    /** kill -9; undone by a restart. */
    record KillNodes(FaultKind kind, List<String> nodes) implements OnNodes {
        public KillNodes {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String startEvent() {
            return "kill";
        }

        @Override
        public String stopEvent() {
            return "restart";
        }

        @Override
        public void apply(Cluster cluster, NetworkFaults network) {
            for (String n : nodes) cluster.kill(n);
        }

        @Override
        public List<String> undo(Cluster cluster, NetworkFaults network) {
            List<String> problems = new ArrayList<>();
            for (String n : nodes) {
                try {
                    cluster.start(n);
                } catch (IOException e) {
                    problems.add(n + ": " + e.getMessage());
                }
            }
            return problems;
        }
    }

    /** SIGSTOP; undone by SIGCONT. */
    record PauseNodes(FaultKind kind, List<String> nodes) implements OnNodes {
        public PauseNodes {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String startEvent() {
            return "pause";
        }

        @Override
        public String stopEvent() {
            return "resume";
        }

        @Override
        public void apply(Cluster cluster, NetworkFaults network) {
            for (String n : nodes) cluster.pause(n);
        }

        @Override
        public List<String> undo(Cluster cluster, NetworkFaults network) {
            for (String n : nodes) cluster.resume(n);
            return List.of();
        }
    }

    private static Map<String, Object> start(FaultKind kind) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("fault", kind.wireName());
        return v;
    }

    private static Map<String, Object> nodesValue(FaultKind kind, List<String> nodes) {
        Map<String, Object> v = start(kind);
        v.put("nodes", nodes);
        return v;
    }

    private static String nodesTargets(List<String> nodes) {
        return nodes.isEmpty() ? "" : " " + nodes;
    }

    private static List<String> heal(List<String> links, NetworkFaults network) {
        List<String> problems = new ArrayList<>();
        for (String l : links) {
            try {
                network.heal(l);
            } catch (IOException | RuntimeException e) {
                problems.add(l + ": " + e.getMessage());
            }
        }
        return problems;
    }
}
