package dev.chaoskv.chaos.remote.ssh;

import dev.chaoskv.chaos.remote.inventory.RemoteHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One {@link SshHost} per inventory host, opened on first use and closed together. */
public final class SshConnections implements AutoCloseable {
    private final SshSettings settings;
    private final Consumer<CommandResult> log;
    private final Map<String, SshHost> hosts = new LinkedHashMap<>();

    public SshConnections(SshSettings settings, Consumer<CommandResult> log) {
        this.settings = settings;
        this.log = log;
    }

    public SshSettings settings() {
        return settings;
    }

    public synchronized SshHost get(RemoteHost host) {
        return hosts.computeIfAbsent(host.name(), n -> new SshHost(host, settings, log));
    }

    /** Names of the hosts whose key was accepted only because of --ssh-insecure-accept-new. */
    public synchronized List<String> acceptedNewHostKeys() {
        List<String> out = new ArrayList<>();
        hosts.values().forEach(h -> {
            if (h.acceptedNewHostKey()) out.add(h.host().name() + " " + h.hostKey());
        });
        return out;
    }

    @Override
    public synchronized void close() {
        hosts.values().forEach(SshHost::close);
        hosts.clear();
    }
}
