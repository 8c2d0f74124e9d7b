package dev.chaoskv.chaos.fakes;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cluster of nobody: records every call in a shared log ("kill n1", "start n1"...) and keeps
 * the state a real one would (dead, paused), for pure tests of what the runner asks of a cluster.
 */
public final class RecordingCluster implements Cluster {
    private final List<String> ids;
    private final List<String> log;
    private final Set<String> dead = new TreeSet<>();
    private final Set<String> paused = new TreeSet<>();
    /** Nodes whose restart fails. */
    public final Set<String> failingStarts = new TreeSet<>();
    /** Called before each call is logged (e.g. to check what was written before it). */
    public Runnable beforeEachCall = () -> { };

    public RecordingCluster(List<String> ids, List<String> log) {
        this.ids = List.copyOf(ids);
        this.log = log;
    }

    private void record(String call) {
        beforeEachCall.run();
        log.add(call);
    }

    @Override
    public List<String> nodeIds() {
        return ids;
    }

    @Override
    public Map<String, HostPort> addresses() {
        Map<String, HostPort> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) out.put(ids.get(i), new HostPort("10.0.0." + (i + 1), 9001));
        return out;
    }

    @Override
    public void launch(Map<String, HostPort> links) {
        record("launch " + links.size() + " links");
    }

    @Override
    public void start(String id) throws IOException {
        record("start " + id);
        if (failingStarts.contains(id)) throw new IOException("cannot start " + id);
        dead.remove(id);
    }

    @Override
    public void kill(String id) {
        record("kill " + id);
        dead.add(id);
        paused.remove(id);
    }

    @Override
    public void pause(String id) {
        record("pause " + id);
        paused.add(id);
    }

    @Override
    public void resume(String id) {
        record("resume " + id);
        paused.remove(id);
    }

    @Override
    public List<String> heal() {
        record("heal");
        List<String> problems = new ArrayList<>();
        paused.clear();
        for (String id : new ArrayList<>(dead)) {
            if (failingStarts.contains(id)) problems.add(id + ": cannot start " + id);
            else dead.remove(id);
        }
        return problems;
    }

    @Override
    public boolean running(String id) {
        return !dead.contains(id);
    }

    @Override
    public int exitCode(String id) {
        return 137;
    }

    @Override
    public boolean stopped(String id) {
        return paused.contains(id);
    }

    @Override
    public Path logFile(String id) {
        return Path.of("nodes", id, "node.log");
    }

    @Override
    public void discardData() {
        record("discard data");
    }

    @Override
    public void stop() {
        record("stop");
    }
}
