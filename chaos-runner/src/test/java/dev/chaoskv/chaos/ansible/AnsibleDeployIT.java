package dev.chaoskv.chaos.ansible;

import dev.chaoskv.testkit.RepoRoot;
import static dev.chaoskv.chaos.ansible.PlaybookRuns.recap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaoskv.chaos.ansible.PlaybookRuns.Result;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.common.FreePorts;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.chaoskv.chaos.run.KeepFoldersOnFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ansible/deploy.yml deploys a real 3-node cluster (local connection, one home directory per
 * node, free ports), a second run changes nothing, and each node's kvnodectl starts, kills,
 * pauses, resumes and stops it. Every node is stopped and the directory removed afterwards.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class AnsibleDeployIT {
    private static final Path ROOT = RepoRoot.path();

    private Path dir;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        boolean ansible = new ProcessBuilder("ansible-playbook", "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        if (!ansible && System.getenv("CI") != null) {
            fail("ansible-playbook is not installed; .ci/run installs ansible-core");
        }
        assumeTrue(ansible, "ansible-playbook is not installed (apt-get install ansible-core)");
        dir = Files.createTempDirectory("ansible-deploy-it");
        for (String id : List.of("n1", "n2", "n3")) {
            ports.put(id, FreePorts.one());
        }
        StringBuilder inv = new StringBuilder("[kvnodes]\n");
        ports.forEach((id, port) -> inv.append(id).append(" kvnode_port=").append(port)
                .append(" kvnode_home=").append(dir.resolve(id)).append('\n'));
        inv.append("\n[kvnodes:vars]\nansible_connection=local\nansible_python_interpreter=/usr/bin/python3\n")
                .append("kvnode_host=127.0.0.1\nkvnode_install_java=false\nkvnode_service=script\nkvnode_user=\n")
                .append("kvnode_jar_src=").append(ROOT.resolve("kvnode/target/kvnode.jar")).append('\n')
                .append("kvnode_jvm_opts=-Xmx128m -XX:+UseSerialGC\n")
                .append("kvnode_extra_args=[\"--heartbeat-ms\", \"50\", \"--election-timeout-ms\", \"300\"]\n");
        Files.writeString(dir.resolve("inventory.ini"), inv);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir == null) {
            return;
        }
        for (String id : ports.keySet()) {
            Path ctl = dir.resolve(id).resolve("bin/kvnodectl");
            if (Files.exists(ctl)) {
                run(List.of(ctl.toString(), "stop"), Duration.ofSeconds(20));
            }
            Path pid = dir.resolve(id).resolve("run/kvnode.pid");
            if (Files.exists(pid)) { // kvnodectl failed to stop it: make sure nothing outlives the test
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void deploysARunningClusterIdempotentlyAndKvnodectlControlsEachNode() throws Exception {
        String first = playbook();
        Map<String, int[]> recap = recap(first);
        assertEquals(ports.keySet(), recap.keySet(), first);
        recap.forEach((host, r) -> {
            assertEquals(0, r[1] + r[2], host + " unreachable or failed:\n" + first);
            assertTrue(r[0] > 0, host + " should have changed on the first run");
        });

        String second = playbook();
        recap(second).forEach((host, r) -> assertEquals(0, r[0], host + " changed on the second run:\n" + second));

        for (String id : ports.keySet()) {
            assertEquals(0, ctl(id, "status").exit(), id + " should be running");
        }
        String leader = nodes().awaitLeader(Duration.ofSeconds(20));
        try (KvClient c = nodes().client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("before", "1"));
        }

        // kill -9 a follower, write while it is down, restart it: it catches up to the same state.
        String follower = ports.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        assertTrue(ctl(follower, "kill").out().contains("killed"));
        Result down = ctl(follower, "status");
        assertEquals(3, down.exit(), down.out());
        assertEquals(follower + " stopped", down.out().trim());
        try (KvClient c = nodes().client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("while-down", "2"));
        }
        assertTrue(ctl(follower, "start").out().contains("started"));
        nodes().awaitSameDigest(Duration.ofSeconds(20));

        // pause and resume: the process stays, its state shows as paused.
        String other = ports.keySet().stream().filter(id -> !id.equals(leader) && !id.equals(follower)).findFirst().orElseThrow();
        ctl(other, "pause");
        Result paused = ctl(other, "status");
        assertEquals(0, paused.exit());
        assertTrue(paused.out().startsWith(other + " paused pid "), paused.out());
        ctl(other, "resume");
        assertTrue(ctl(other, "status").out().startsWith(other + " running pid "));

        // start is a no-op on a running node; stop ends it and a second stop is a no-op.
        assertTrue(ctl(other, "start").out().contains("already running"));
        assertEquals(other + " stopped", ctl(other, "stop").out().trim());
        assertEquals(other + " already stopped", ctl(other, "stop").out().trim());
        Result bad = ctl(other, "explode");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("usage: kvnodectl start|stop|kill|pause|resume|status|run"), bad.err());
        Result nothing = ctl(other, "kill");
        assertEquals(1, nothing.exit());
        assertEquals("kvnodectl: " + other + " is not running: nothing to kill", nothing.err().trim());
        Result help = ctl(other, "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("kvnodectl status"), help.out());

        // teardown.yml stops every node and deletes every node's home.
        List<Long> pids = new java.util.ArrayList<>();
        for (String id : ports.keySet()) {
            Path pid = dir.resolve(id).resolve("run/kvnode.pid");
            if (Files.exists(pid)) pids.add(Long.parseLong(Files.readString(pid).trim()));
        }
        assertEquals(2, pids.size(), "two nodes should still run before the teardown");
        playbook("teardown.yml");
        for (String id : ports.keySet()) assertFalse(Files.exists(dir.resolve(id)), id + "'s home is still there");
        for (long pid : pids) {
            // Stopped nodes were started detached (setsid), so whoever adopted them reaps them
            // when it gets to it: a zombie ('Z') has stopped running.
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (stillRuns(pid) && System.nanoTime() < deadline) Thread.sleep(100);
            assertFalse(stillRuns(pid), "pid " + pid + " still runs after the teardown");
        }
    }

    private static boolean stillRuns(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && dev.chaoskv.chaos.cluster.Signals.state(pid).map(state -> state != 'Z').orElse(false);
    }

    private String playbook() throws Exception {
        return playbook("deploy.yml");
    }

    private String playbook(String file) throws Exception {
        Map<String, String> env = Map.of(
                "ANSIBLE_CONFIG", ROOT.resolve("ansible.cfg").toString(),
                "ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString(),
                "ANSIBLE_REMOTE_TEMP", dir.resolve("ansible-tmp").toString(),
                "ANSIBLE_NOCOLOR", "1");
        Result r = PlaybookRuns.run(List.of("ansible-playbook", "-i", dir.resolve("inventory.ini").toString(),
                ROOT.resolve("ansible").resolve(file).toString()), Duration.ofMinutes(3), env);
        assertEquals(0, r.exit(), "ansible-playbook failed:\n" + r.out() + r.err());
        return r.out();
    }

    private DeployedNodes nodes() {
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        ports.forEach((id, port) -> addresses.put(id, new InetSocketAddress("127.0.0.1", port)));
        return new DeployedNodes(addresses);
    }

    private static Result run(List<String> cmd, Duration timeout) throws Exception {
        return PlaybookRuns.run(cmd, timeout, Map.of());
    }

    private Result ctl(String id, String action) throws Exception {
        return run(List.of(dir.resolve(id).resolve("bin/kvnodectl").toString(), action), Duration.ofSeconds(40));
    }
}
