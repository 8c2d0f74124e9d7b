package dev.chaoskv.chaos.ansible;

import static dev.chaoskv.chaos.ansible.PlaybookRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.ansible.PlaybookRuns.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nightly path end to end, on the test bed: three network-namespace hosts with real sshd,
 * site.yml over SSH, {@code chaos doctor --inventory}, a VALID {@code chaos run --inventory} with
 * partitions, kills and pauses in each network mode, {@code chaos heal --inventory}, a planted
 * bug (--unsafe-ack-before-replicate through kvnode_extra_args) caught as INVALID with lost
 * writes, logs in the results folder, and nothing left behind.
 */
class RemoteChaosRunIT {
    private static final Path ROOT = NetnsTestBed.ROOT;
    private static final Path TESTBED = NetnsTestBed.TESTBED;
    private static final Path JAR = Path.of("target", "chaos.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FAST = List.of("--heartbeat-ms", "50", "--election-timeout-ms", "300");

    private Path dir;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        NetnsTestBed.assumeUsable(new String[] {"/usr/sbin/sshd", "openssh-server"}, new String[] {"/usr/bin/ansible-playbook", "ansible-core"},
                new String[] {"/usr/sbin/iptables", "iptables"});
        assertTrue(Files.isRegularFile(JAR), "needs the packaged " + JAR);
        dir = Files.createTempDirectory("remote-run-it");
        int net = ThreadLocalRandom.current().nextInt(1, 255);
        env = NetnsTestBed.env(dir, "ckvrr", net);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir != null) NetnsTestBed.downAndDelete(dir, env);
    }

    @Test
    void doctorRunsInBothNetworkModesHealAndAPlantedBugOnTheTestBed() throws Exception {
        Path inventory = NetnsTestBed.up(3, env);
        deploy(inventory, FAST);

        Result doctor = chaos("doctor", "--inventory", inventory.toString());
        assertEquals(0, doctor.exit(), doctor.out() + doctor.err());
        assertTrue(doctor.out().contains("doctor: every check passed"), doctor.out());
        assertTrue(doctor.out().contains("ok    n1       host key known         ED25519 key SHA256:"), doctor.out());

        Path results = dir.resolve("results");
        for (String mode : List.of("toxiproxy", "iptables")) {
            Result r = chaos("run", "--inventory", inventory.toString(), "--net", mode, "--time-limit", "30s",
                    "--nemesis", "partition,kill,pause,latency", "--nemesis-interval", "5s", "--seed", "7", "--quiet",
                    "--results-dir", results.toString(), "--name", mode);
            assertEquals(0, r.exit(), mode + " run:\n" + r.out() + r.err());
            Path runDir = only(results, mode);
            JsonNode remote = JSON.readTree(runDir.resolve("run.json").toFile()).path("remote");
            assertEquals(mode, remote.path("network").asText());
            assertEquals(inventory.toString(), remote.path("inventory").asText());
            assertEquals(3, remote.path("hosts").size());
            assertFalse(remote.path("sshInsecureAcceptNew").asBoolean());
            assertTrue(Math.abs(remote.path("hosts").get(0).path("clockOffsetMs").asLong()) < 1000, remote.toString());
            for (JsonNode s : remote.path("skippedFaultKinds")) {
                assertEquals("latency", s.path("fault").asText(), "only latency is ever skipped: " + s);
                assertTrue(s.path("reason").asText().contains("netem"), s.toString());
            }
            for (String id : List.of("n1", "n2", "n3")) {
                Path log = runDir.resolve("nodes/" + id + "/node.log");
                assertTrue(Files.size(log) > 0 && Files.readString(log).contains(id + " starting"), id + "'s log is brought home");
                assertTrue(Files.readString(runDir.resolve("nodes/" + id + "/status.txt")).startsWith(id + " running pid "));
            }
        }

        Result heal = chaos("heal", "--inventory", inventory.toString(), "--net", "iptables", "--results-dir", results.toString());
        assertEquals(0, heal.exit(), heal.out() + heal.err());
        assertTrue(heal.out().contains("nothing to heal: 3 hosts"), heal.out());

        // The planted bug: the leader acknowledges before replicating; cut it off and its acknowledged writes are lost.
        List<String> unsafe = new ArrayList<>(FAST);
        unsafe.add("--unsafe-ack-before-replicate");
        deploy(inventory, unsafe);
        Result bug = chaos("run", "--inventory", inventory.toString(), "--time-limit", "30s", "--nemesis", "partition-leader",
                "--partition-mode", "blackhole", "--nemesis-interval", "5s", "--seed", "5", "--quiet",
                "--results-dir", results.toString(), "--name", "unsafe");
        assertEquals(1, bug.exit(), "the planted bug must be caught:\n" + bug.out() + bug.err());
        assertTrue(bug.out().contains("durability:       INVALID") && bug.out().contains(" lost"), bug.out());

        Result down = run(List.of(TESTBED.toString(), "down"), Duration.ofMinutes(1), env);
        assertEquals(0, down.exit(), down.out() + down.err());
        String namespaces = run(List.of("ip", "netns", "list"), Duration.ofSeconds(10), Map.of()).out();
        assertFalse(namespaces.contains(env.get("TESTBED_NAME") + "-"), "namespaces left: " + namespaces);
        String marker = dir.resolve("testbed").toString();
        List<String> left = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(p -> dev.chaoskv.chaos.cluster.Signals.state(p.pid()).map(s -> s != 'Z').orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertTrue(left.isEmpty(), "processes of the test bed left: " + left);
    }

    private void deploy(Path inventory, List<String> kvnodeArgs) throws Exception {
        Path vars = dir.resolve("vars-" + System.nanoTime() + ".json");
        Files.writeString(vars, JSON.writeValueAsString(Map.of("kvnode_extra_args", kvnodeArgs, "chaos_net", "toxiproxy")));
        Result r = run(List.of("ansible-playbook", "-i", inventory.toString(), ROOT.resolve("ansible/site.yml").toString(),
                "-e", "@" + vars), Duration.ofMinutes(6), env);
        assertEquals(0, r.exit(), "site.yml failed:\n" + r.out() + r.err());
    }

    private Result chaos(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Result r = run(cmd, Duration.ofMinutes(4), Map.of());
        Files.writeString(dir.resolve("chaos-" + args[0] + "-" + System.nanoTime() + ".log"), r.out() + r.err());
        return r;
    }

    private static Path only(Path results, String name) throws Exception {
        try (Stream<Path> s = Files.list(results)) {
            List<Path> runs = s.filter(p -> p.getFileName().toString().endsWith("-" + name)).toList();
            assertEquals(1, runs.size(), "one run folder named " + name + ": " + runs);
            return runs.get(0);
        }
    }
}
