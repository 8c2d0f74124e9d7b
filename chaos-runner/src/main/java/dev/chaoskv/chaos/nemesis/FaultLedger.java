package dev.chaoskv.chaos.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * faults.jsonl: everything the runner did that must be undone, written <em>before</em> it is done, so that a runner killed at any point leaves enough for {@code chaos heal}: the
 * Toxiproxy URL and proxy names, and every node process id. {@code results/.active-run} points at
 * the run folder while the run is live.
 */
public final class FaultLedger implements AutoCloseable {
    /** The checker tells a run folder by it (and then expects final.json). */
    public static final String FILE = dev.chaoskv.checker.Checker.RUN_LEDGER;
    public static final String ACTIVE = ".active-run";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileOutputStream out;
    private final Path activePointer;

    public FaultLedger(Path runDir, Path resultsDir) throws IOException {
        this.out = new FileOutputStream(runDir.resolve(FILE).toFile(), true);
        this.activePointer = resultsDir.resolve(ACTIVE);
        try {
            Files.writeString(activePointer, runDir.toAbsolutePath() + "\n");
        } catch (IOException e) {
            out.close();
            throw e;
        }
    }

    /** Appends one event: {"time": iso, "event": name, ...fields}, flushed to disk. */
    public synchronized void append(String event, Map<String, ?> fields) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Instant.now().toString());
        n.put("event", event);
        fields.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
        try {
            out.write((JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
            // Written through to the OS, not fsynced: the ledger must survive the runner dying,
            // which the page cache guarantees; a machine crash takes the local nodes and the
            // embedded Toxiproxy with it anyway. (fsync here delayed faults by seconds on a busy disk.)
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the fault ledger", e);
        }
    }

    /** The run is over and healed: drop the pointer. */
    public void finished() {
        try {
            Files.deleteIfExists(activePointer);
        } catch (IOException ignored) {
            // a stale pointer only makes `chaos heal` do a harmless, idempotent pass
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** What a ledger says, for {@code chaos heal}. */
    public record Contents(Path runDir, String toxiproxyUrl, boolean embedded, long runnerPid, Set<String> proxies,
                           Map<String, List<Long>> nodePids, boolean healed) {
    }

    /** {inventory, network mode} if the ledger's run drove an inventory's hosts (see RemoteDeployment). */
    public static java.util.Optional<String[]> remoteRun(Path runDir) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(runDir.resolve(FILE))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (n.path("event").asText().equals("run") && n.hasNonNull("inventory")) {
                    return java.util.Optional.of(new String[]{n.path("inventory").asText(), n.path("net").asText("toxiproxy")});
                }
            }
        }
        return java.util.Optional.empty();
    }

    public static Contents read(Path runDir) throws IOException {
        String url = null;
        boolean embedded = false;
        long runner = -1;
        Set<String> proxies = new LinkedHashSet<>();
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        boolean healed = false;
        try (BufferedReader in = Files.newBufferedReader(runDir.resolve(FILE))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a torn last line from a crash
                }
                switch (n.path("event").asText()) {
                    case "run" -> {
                        url = n.path("toxiproxyUrl").asText(null);
                        embedded = n.path("embedded").asBoolean();
                        runner = n.path("runnerPid").asLong(-1);
                    }
                    case "proxies" -> n.path("names").forEach(p -> proxies.add(p.asText()));
                    case "node-started" -> pids.computeIfAbsent(n.path("node").asText(), k -> new ArrayList<>())
                            .add(n.path("pid").asLong());
                    case "heal" -> healed = n.path("problems").isEmpty();
                    case "apply" -> healed = false;
                    default -> {
                    }
                }
            }
        }
        return new Contents(runDir, url, embedded, runner, proxies, pids, healed);
    }
}
