package dev.chaoskv.chaos.fakes;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.LinkFault;
import dev.chaoskv.chaos.network.NetworkFaults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A network of nobody: records every call in a shared log ("cut n1-to-n2 blackhole", "heal
 * n1-to-n2"...) and keeps the faults in place, for pure tests of what the runner asks of it.
 */
public final class RecordingNetwork implements NetworkFaults {
    private final List<String> log;
    /** Link -> the fault on it. */
    public final Map<String, String> faults = new TreeMap<>();
    /** Links whose heal fails. */
    public final java.util.Set<String> failingHeals = new TreeSet<>();
    /** Why a link fault kind is refused (null = offered); by default every one is offered. */
    public java.util.function.Function<LinkFault.Kind, String> refuses = kind -> null;
    /** Called before each call is logged (e.g. to check what was written before it). */
    public Runnable beforeEachCall = () -> { };

    public RecordingNetwork(List<String> log) {
        this.log = log;
    }

    @Override
    public void reroute(String node, HostPort address) {
        beforeEachCall.run();
        log.add("reroute " + node + " " + address);
    }

    private void record(String call) {
        beforeEachCall.run();
        log.add(call);
    }

    @Override
    public Map<String, HostPort> wire(ClusterPlan plan, Map<String, HostPort> nodes, Consumer<List<String>> beforeCreating) {
        List<String> names = plan.proxies().stream().map(ClusterPlan.ProxySpec::name).toList();
        beforeCreating.accept(names);
        record("wire " + names.size() + " links");
        Map<String, HostPort> out = new LinkedHashMap<>();
        int port = 20000;
        for (String n : names) out.put(n, new HostPort("127.0.0.1", port++));
        return out;
    }

    @Override
    public void cut(String link, CutMode mode) {
        record("cut " + link + " " + mode.wireName());
        faults.put(link, mode.wireName());
    }

    @Override
    public void slow(String link, int latencyMs, int jitterMs) {
        record("slow " + link + " " + latencyMs + "+/-" + jitterMs);
        faults.put(link, "latency");
    }

    @Override
    public void degrade(String link, LinkFault fault) {
        record("degrade " + link + " " + fault);
        faults.put(link, fault.kind().wireName());
    }

    @Override
    public String unsupported(LinkFault.Kind kind) {
        return refuses.apply(kind);
    }

    @Override
    public void heal(String link) throws IOException {
        record("heal " + link);
        if (failingHeals.contains(link)) throw new IOException("Toxiproxy went away");
        faults.remove(link);
    }

    @Override
    public List<String> healAll() {
        record("heal all");
        List<String> problems = new ArrayList<>();
        for (String l : new ArrayList<>(faults.keySet())) {
            if (failingHeals.contains(l)) problems.add(l + ": Toxiproxy went away");
            else faults.remove(l);
        }
        return problems;
    }

    @Override
    public List<String> verifyHealed() {
        List<String> out = new ArrayList<>();
        faults.forEach((l, f) -> out.add(l + " " + f));
        return out;
    }

    @Override
    public String describe() {
        return "a recording network";
    }

    @Override
    public String url() {
        return "none";
    }

    @Override
    public String version() {
        return "recording";
    }

    @Override
    public void close() {
        record("close network");
    }
}
