package dev.chaoskv.chaos.ansible;

import static dev.chaoskv.chaos.ansible.PlaybookRuns.recap;
import static dev.chaoskv.chaos.ansible.PlaybookRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.ansible.PlaybookRuns.Result;
import dev.chaoskv.chaos.cluster.Signals;
import dev.chaoskv.chaos.run.KeepFoldersOnFailure;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.testkit.RepoRoot;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ansible/site.yml deploys over SSH to a test bed of three network-namespace hosts
 * (ansible/testbed/testbed.sh, each with its own sshd), with a cluster id and a peer secret:
 * the three nodes elect a leader and take a write through the client port of their host's
 * Toxiproxy, replicated over the Toxiproxy peer links; a second run changes nothing; teardown.yml and "testbed.sh down" leave no
 * namespace, sshd, kvnode or Toxiproxy behind. Needs root and working network namespaces.
 * (Its name must not start with "Test": Surefire would run it as a unit test too.)
 */
@ExtendWith(KeepFoldersOnFailure.class)
class AnsibleTestbedIT {
    private static final Path ROOT = RepoRoot.path();
    private static final Path TESTBED = ROOT.resolve("ansible/testbed/testbed.sh");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HOSTS = List.of("n1", "n2", "n3");
    private static final int CLIENT_PORT = 9101; // kvnode_client_port's default: client-to-<id> on the host's Toxiproxy
    private static final String CLUSTER_ID = "testbed-it";

    /** Kept by KeepFoldersOnFailure: the test bed's state (inventory, sshd logs, node logs) and the plays' output. */
    private Path dir;
    private Map<String, String> env;
    private final Map<String, String> address = new LinkedHashMap<>();
    private String secret;

    @BeforeEach
    void setUp() throws Exception {
        NetnsTestBed.assumeUsable(new String[] {"/usr/sbin/sshd", "openssh-server"}, new String[] {"/usr/bin/ansible-playbook", "ansible-core"});
        dir = Files.createTempDirectory("testbed-deploy-it");
        // A name and subnet of its own, so that it cannot collide with a test bed someone runs by hand.
        int net = ThreadLocalRandom.current().nextInt(1, 255);
        env = NetnsTestBed.env(dir, "ckvit", net);
        for (int i = 0; i < HOSTS.size(); i++) address.put(HOSTS.get(i), "198.19." + net + "." + (i + 2));
        secret = "it-secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // In a file, as a vault would hold it, not on ansible-playbook's command line.
        Files.writeString(dir.resolve("vars.json"), JSON.writeValueAsString(Map.of(
                // kvnode's own timing, spelled out: shorter timeouts churn leaders on a loaded machine.
                "kvnode_extra_args", List.of("--heartbeat-ms", "100", "--election-timeout-ms", "1000"),
                "kvnode_cluster_id", CLUSTER_ID, "kvnode_peer_secret", secret)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir != null) NetnsTestBed.downAndDelete(dir, env);
    }

    @Test
    void deploysOverSshToTheTestBedIdempotentlyAndLeavesNothingBehind() throws Exception {
        Result up = run(List.of(TESTBED.toString(), "up", "3"), Duration.ofMinutes(1), env);
        assertEquals(0, up.exit(), up.out() + up.err());
        String[] lines = up.out().trim().split("\n");
        Path inventory = Path.of(lines[lines.length - 1]);
        assertEquals(dir.resolve("testbed/inventory.yml"), inventory, "up's last line is the inventory");
        assertTrue(Files.readString(inventory).contains("ansible_host: " + address.get("n1")));

        String first = playbook(inventory, "site.yml");
        Map<String, int[]> recap = recap(first);
        assertEquals(HOSTS, List.copyOf(recap.keySet()), first);
        recap.forEach((host, r) -> {
            assertEquals(0, r[1] + r[2], host + " unreachable or failed:\n" + first);
            assertTrue(r[0] > 0, host + " should have changed on the first run");
        });

        // Deployed over SSH: each node and each Toxiproxy runs inside its own host's namespace.
        Map<String, Long> pids = new LinkedHashMap<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            String id = HOSTS.get(i);
            for (String service : List.of("kvnode", "toxiproxy")) {
                long pid = Long.parseLong(Files.readString(dir.resolve("testbed/" + id + "/" + service + "/run/" + service + ".pid")).trim());
                pids.put(id + " " + service, pid);
                Result ns = run(List.of("ip", "netns", "identify", String.valueOf(pid)), Duration.ofSeconds(10), Map.of());
                assertEquals(env.get("TESTBED_NAME") + "-n" + (i + 1), ns.out().trim(), id + "'s " + service + " runs outside its host");
            }
        }

        // The cluster id and the peer secret reached every node: the secret file is the node's
        // alone, and the nodes found each other with it (they elect a leader below).
        for (String id : HOSTS) {
            Path home = dir.resolve("testbed/" + id + "/kvnode");
            Path secretFile = home.resolve("peer-secret");
            assertEquals(secret, Files.readString(secretFile).trim());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
            String cmdline = Files.readString(Path.of("/proc/" + pids.get(id + " kvnode") + "/cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains("--cluster-id " + CLUSTER_ID + " --peer-secret-file " + secretFile), cmdline);
            String log = Files.readString(home.resolve("log/kvnode.log"));
            assertTrue(log.contains("cluster '" + CLUSTER_ID + "', peers authenticated with the secret in " + secretFile), log);
        }
        assertFalse(first.contains(secret), "the peer secret is in ansible-playbook's output");

        DeployedNodes nodes = nodes();
        String leader = nodes.awaitLeader(Duration.ofSeconds(30));
        try (KvClient c = nodes.client(leader)) {
            assertInstanceOf(Response.Ok.class, c.put("deployed", "over-ssh"));
        }
        // Replicated: the peer links through each host's Toxiproxy carry the log.
        nodes.awaitSameDigest(Duration.ofSeconds(30));
        for (String id : HOSTS) assertEquals(1, nodes.status(id).path("keys").asInt(), id + " does not hold the write");

        String second = playbook(inventory, "site.yml");
        recap(second).forEach((host, r) -> assertEquals(0, r[0], host + " changed on the second run:\n" + second));

        String teardown = playbook(inventory, "teardown.yml");
        recap(teardown).forEach((host, r) -> assertEquals(0, r[1] + r[2], host + " failed in the teardown:\n" + teardown));
        for (String id : HOSTS) {
            assertFalse(Files.exists(dir.resolve("testbed/" + id + "/kvnode")), id + "'s kvnode home is still there");
            assertFalse(Files.exists(dir.resolve("testbed/" + id + "/toxiproxy")), id + "'s Toxiproxy home is still there");
        }
        awaitGone(pids, "after teardown.yml");

        List<Long> sshd = new ArrayList<>();
        for (String id : HOSTS) sshd.add(Long.parseLong(Files.readString(dir.resolve("testbed/" + id + "/sshd.pid")).trim()));
        Result down = run(List.of(TESTBED.toString(), "down"), Duration.ofMinutes(1), env);
        assertEquals(0, down.exit(), down.out() + down.err());
        Map<String, Long> sshds = new LinkedHashMap<>();
        for (int i = 0; i < sshd.size(); i++) sshds.put(HOSTS.get(i) + " sshd", sshd.get(i));
        awaitGone(sshds, "after testbed.sh down");
        String namespaces = run(List.of("ip", "netns", "list"), Duration.ofSeconds(10), Map.of()).out();
        assertFalse(namespaces.contains(env.get("TESTBED_NAME") + "-"), "namespaces left: " + namespaces);
        String links = run(List.of("ip", "-o", "link", "show"), Duration.ofSeconds(10), Map.of()).out();
        assertFalse(links.contains(env.get("TESTBED_NAME") + "-"), "bridge or veths left: " + links);
        assertFalse(Files.exists(dir.resolve("testbed")), "the state directory is still there");
        Result again = run(List.of(TESTBED.toString(), "down"), Duration.ofMinutes(1), env);
        assertEquals(0, again.exit(), again.err());
        assertEquals("testbed.sh: nothing to remove", again.out().trim());
    }

    /** A process counts as gone when it has exited, zombie included (PID 1 here may not reap). */
    private static void awaitGone(Map<String, Long> pids, String when) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            while (runs(p.getValue()) && System.nanoTime() < deadline) Thread.sleep(100);
            assertFalse(runs(p.getValue()), p.getKey() + " (pid " + p.getValue() + ") still runs " + when);
        }
    }

    private static boolean runs(long pid) {
        return Signals.state(pid).map(state -> state != 'Z').orElse(false);
    }

    private String playbook(Path inventory, String file) throws Exception {
        Result r = run(List.of("ansible-playbook", "-i", inventory.toString(), ROOT.resolve("ansible").resolve(file).toString(),
                "-e", "@" + dir.resolve("vars.json")),
                Duration.ofMinutes(10), env); // a bound against a hang, not a speed test: a loaded machine is slow
        Files.writeString(dir.resolve(file + "-" + System.nanoTime() + ".log"), r.out() + r.err());
        assertEquals(0, r.exit(), "ansible-playbook " + file + " failed:\n" + r.out() + r.err());
        return r.out();
    }

    private DeployedNodes nodes() {
        Map<String, InetSocketAddress> clients = new LinkedHashMap<>();
        address.forEach((id, ip) -> clients.put(id, new InetSocketAddress(ip, CLIENT_PORT)));
        return new DeployedNodes(clients);
    }
}
