package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.NetworkFaults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies a {@link NemesisSchedule} to a live cluster: resolves run-time targets (the current
 * leader), writes each fault to the ledger before applying it, applies it, and undoes it when
 * its window closes. Each start and stop also goes into the history as a nemesis event.
 */
public final class Nemesis implements Runnable {
    /** A fault as applied: what was actually cut, killed or paused. */
    public record Applied(ClusterScheduleWindow window, String startF, String stopF, CutMode mode, List<String> proxies,
                          List<String> kill, List<String> pause, Fault.Latency latency, Map<String, Object> value) {
    }

    /** The window with the time it really started (ns since run start). */
    public record ClusterScheduleWindow(NemesisSchedule.Window planned, long startedAt) {
    }

    /** A finished or running fault, for the report's shading. */
    public record Span(String label, long start, long end) {
    }

    private final NemesisSchedule schedule;
    private final ClusterPlan plan;
    private final NetworkFaults network;
    private final Cluster cluster;
    private final FaultLedger ledger;
    private final HistoryWriter history;
    private final Supplier<Optional<String>> leader;
    private final long seed;
    private final List<Span> spans = new ArrayList<>();
    private volatile Applied active;
    private volatile boolean stopped;
    private volatile String lastError;
    private int injected;

    public Nemesis(NemesisSchedule schedule, ClusterPlan plan, NetworkFaults network, Cluster cluster,
                   FaultLedger ledger, HistoryWriter history, Supplier<Optional<String>> leader, long seed) {
        this.schedule = schedule;
        this.plan = plan;
        this.network = network;
        this.cluster = cluster;
        this.ledger = ledger;
        this.history = history;
        this.leader = leader;
        this.seed = seed;
    }

    @Override
    public void run() {
        try {
            for (NemesisSchedule.Window w : schedule.windows()) {
                if (!sleepUntil(w.startNanos())) return;
                try {
                    apply(w);
                } catch (IOException | RuntimeException e) {
                    lastError = "applying #" + w.index() + ": " + e.getMessage();
                    history.nemesis("error", Map.of("window", w.index(), "error", String.valueOf(e.getMessage())));
                }
                if (!sleepUntil(w.endNanos())) return;
                undo();
            }
        } catch (InterruptedException e) {
            // stopping: the caller heals
        }
    }

    private boolean sleepUntil(long t) throws InterruptedException {
        while (!stopped) {
            long wait = t - history.now();
            if (wait <= 0) return true;
            Thread.sleep(Math.min(wait / 1_000_000 + 1, 100));
        }
        return false;
    }

    public void stop() {
        stopped = true;
    }

    /** What is being injected now, for the status line. */
    public Optional<String> activeDescription() {
        Applied a = active;
        return a == null ? Optional.empty() : Optional.of(a.value().getOrDefault("fault", "?") + describeTargets(a));
    }

    private static String describeTargets(Applied a) {
        if (!a.kill().isEmpty()) return " " + a.kill();
        if (!a.pause().isEmpty()) return " " + a.pause();
        if (a.mode() != null) return "(" + a.mode().wireName() + ", " + a.proxies().size() + " links)";
        return "";
    }

    public synchronized int injected() {
        return injected;
    }

    public String lastError() {
        return lastError;
    }

    public synchronized List<Span> spans() {
        List<Span> out = new ArrayList<>(spans);
        Applied a = active;
        if (a != null) out.add(new Span(String.valueOf(a.value().get("fault")), a.window().startedAt(), -1));
        return out;
    }

    void apply(NemesisSchedule.Window w) throws IOException {
        Applied a = resolve(w);
        Map<String, Object> entry = new LinkedHashMap<>(a.value());
        entry.put("window", w.index());
        ledger.append("apply", entry); // before touching anything: a crash from here on is healable
        active = a;
        if (a.mode() != null) for (String p : a.proxies()) network.cut(p, a.mode());
        for (String n : a.kill()) cluster.kill(n);
        for (String n : a.pause()) cluster.pause(n);
        if (a.latency() != null) {
            for (String p : a.proxies()) network.slow(p, a.latency().latencyMs(), a.latency().jitterMs());
        }
        long t = history.nemesis(a.startF(), a.value());
        active = new Applied(new ClusterScheduleWindow(w, t), a.startF(), a.stopF(), a.mode(), a.proxies(), a.kill(),
                a.pause(), a.latency(), a.value());
        synchronized (this) {
            injected++;
        }
    }

    /** Undoes the active fault (no-op if none). */
    public void undo() {
        Applied a = active;
        if (a == null) return;
        ledger.append("undo", Map.of("window", a.window().planned().index()));
        List<String> problems = new ArrayList<>();
        for (String p : a.proxies()) {
            try {
                network.heal(p);
            } catch (IOException | RuntimeException e) {
                problems.add(p + ": " + e.getMessage());
            }
        }
        for (String n : a.pause()) cluster.resume(n);
        for (String n : a.kill()) {
            try {
                cluster.start(n);
            } catch (IOException e) {
                problems.add(n + ": " + e.getMessage());
            }
        }
        Map<String, Object> value = new LinkedHashMap<>(a.value());
        if (!problems.isEmpty()) value.put("problems", problems);
        long t = history.nemesis(a.stopF(), value);
        synchronized (this) {
            spans.add(new Span(String.valueOf(a.value().get("fault")), a.window().startedAt(), t));
        }
        active = null;
    }

    /** Turns a planned fault into concrete links and nodes, resolving "the leader" now. */
    Applied resolve(NemesisSchedule.Window w) {
        Fault f = w.fault();
        List<String> ids = plan.nodeIds();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("fault", f.kind().wireName());
        ClusterScheduleWindow cw = new ClusterScheduleWindow(w, -1);
        if (f instanceof Fault.Partition p) {
            Set<Topologies.Link> links;
            List<List<String>> groups = null;
            switch (p.kind()) {
                case PARTITION_ONE -> {
                    String n = p.order().get(0);
                    links = Topologies.isolate(n, ids);
                    groups = List.of(List.of(n), others(n, ids));
                }
                case PARTITION_LEADER -> {
                    String n = leaderOr(w);
                    links = Topologies.isolate(n, ids);
                    groups = List.of(List.of(n), others(n, ids));
                }
                case PARTITION_HALVES -> {
                    groups = Topologies.halves(p.order());
                    links = Topologies.cutBetween(groups);
                }
                case PARTITION_RING -> links = Topologies.ring(p.order());
                case PARTITION_BRIDGE -> {
                    links = Topologies.bridge(p.order());
                    value.put("bridge", p.order().get(0));
                    groups = Topologies.bridgeHalves(p.order());
                }
                case PARTITION_ONE_WAY -> {
                    String n = leaderOr(w);
                    links = Topologies.oneWay(n, ids, p.outbound());
                    value.put("node", n);
                    value.put("direction", p.outbound() ? "outbound" : "inbound");
                }
                default -> throw new IllegalStateException(p.kind().toString());
            }
            if (groups != null) value.put("groups", groups);
            List<String> proxies = links.stream().map(l -> ClusterPlan.peerProxy(l.from(), l.to())).toList();
            value.put("mode", p.mode().wireName());
            value.put("cut", proxies);
            return new Applied(cw, "start-partition", "stop-partition", p.mode(), proxies, List.of(), List.of(), null, value);
        }
        if (f instanceof Fault.Kill k) {
            List<String> nodes = k.kind() == FaultKind.KILL_LEADER ? List.of(leaderOr(w)) : k.nodes();
            value.put("nodes", nodes);
            return new Applied(cw, "kill", "restart", null, List.of(), nodes, List.of(), null, value);
        }
        if (f instanceof Fault.Pause p) {
            List<String> nodes = p.kind() == FaultKind.PAUSE_LEADER ? List.of(leaderOr(w)) : p.nodes();
            value.put("nodes", nodes);
            return new Applied(cw, "pause", "resume", null, List.of(), List.of(), nodes, null, value);
        }
        Fault.Latency l = (Fault.Latency) f;
        List<String> proxies = plan.peerProxies().stream().map(ClusterPlan.ProxySpec::name).toList();
        value.put("latencyMs", l.latencyMs());
        value.put("jitterMs", l.jitterMs());
        return new Applied(cw, "start-latency", "stop-latency", null, proxies, List.of(), List.of(), l, value);
    }

    /** The current leader; if none is known, a node drawn from the seed (so the run goes on, reproducibly). */
    private String leaderOr(NemesisSchedule.Window w) {
        return leader.get().orElseGet(() -> {
            List<String> ids = plan.nodeIds();
            return ids.get(new Random(seed ^ w.index()).nextInt(ids.size()));
        });
    }

    private static List<String> others(String n, List<String> all) {
        List<String> out = new ArrayList<>(all);
        out.remove(n);
        return out;
    }
}
