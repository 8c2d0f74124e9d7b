package dev.chaoskv.chaos.ansible;

import static dev.chaoskv.chaos.ansible.PlaybookRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaoskv.testkit.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the ITs on ansible/testbed/testbed.sh share: whether it can run here, and the environment of one test bed. */
final class NetnsTestBed {
    static final Path ROOT = RepoRoot.path();
    static final Path TESTBED = ROOT.resolve("ansible/testbed/testbed.sh");

    private NetnsTestBed() {
    }

    /**
     * Skips the test (with the reason) unless this runs as root, {@code ip netns} works and every
     * tool is there; under CI a missing tool fails instead, since .ci/run installs it.
     *
     * @param tools pairs of {path, Debian package}
     */
    static void assumeUsable(String[]... tools) throws Exception {
        boolean root = "0".equals(run(List.of("id", "-u"), Duration.ofSeconds(10), Map.of()).out().trim());
        assumeTrue(root, "skipped: the test bed needs root (network namespaces, a bridge, sshd)");
        String probe = "ckvprobe" + ProcessHandle.current().pid();
        boolean netns = run(List.of("ip", "netns", "add", probe), Duration.ofSeconds(10), Map.of()).exit() == 0;
        if (netns) run(List.of("ip", "netns", "del", probe), Duration.ofSeconds(10), Map.of());
        assumeTrue(netns, "skipped: 'ip netns add' does not work here (no iproute2, or no CAP_SYS_ADMIN)");
        for (String[] tool : tools) {
            boolean present = Files.isExecutable(Path.of(tool[0]));
            if (!present && System.getenv("CI") != null) fail(tool[0] + " is missing; .ci/run installs " + tool[1]);
            assumeTrue(present, "skipped: " + tool[0] + " is missing (apt-get install " + tool[1] + ")");
        }
    }

    /** testbed.sh up N; returns the inventory it printed last. */
    static Path up(int hosts, Map<String, String> env) throws Exception {
        PlaybookRuns.Result up = run(List.of(TESTBED.toString(), "up", String.valueOf(hosts)), Duration.ofMinutes(1), env);
        assertEquals(0, up.exit(), up.out() + up.err());
        String[] lines = up.out().trim().split("\n");
        return Path.of(lines[lines.length - 1]);
    }

    /** testbed.sh down (idempotent: after a passing test there is nothing left to remove), then deletes {@code dir}. */
    static void downAndDelete(Path dir, Map<String, String> env) throws Exception {
        try {
            PlaybookRuns.Result down = run(List.of(TESTBED.toString(), "down"), Duration.ofMinutes(1), env);
            assertEquals(0, down.exit(), down.out() + down.err());
        } finally {
            run(List.of("rm", "-rf", dir.toString()), Duration.ofMinutes(1), Map.of());
        }
    }

    /**
     * The environment of a test bed of its own (name prefix, subnet 198.19.net.0/24 and state
     * under {@code dir}), so that it cannot collide with another one, and of the plays run on it.
     */
    static Map<String, String> env(Path dir, String prefix, int net) {
        return Map.of("TESTBED_DIR", dir.resolve("testbed").toString(), "TESTBED_NAME", prefix + (net % 100),
                "TESTBED_SUBNET", "198.19." + net,
                "ANSIBLE_CONFIG", ROOT.resolve("ansible.cfg").toString(),
                "ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString(),
                // The hosts share this file system: their temporary files go here too.
                "ANSIBLE_REMOTE_TEMP", dir.resolve("ansible-remote-tmp").toString(),
                "ANSIBLE_NOCOLOR", "1");
    }
}
