package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.remote.ssh.Sshd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input on real hosts, against a real sshd on 127.0.0.1: a host without kvnodectl and a host
 * that is down, in doctor, run and heal; an unknown host key; bad flags. Each is one message
 * naming the host and what to do, and a non-zero exit.
 */
class RemoteCommandsIT {
    @TempDir
    Path dir;

    private Path inventory(Sshd sshd, Path key, int deadPort) throws Exception {
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, """
                [kvnodes]
                h1 ansible_host=127.0.0.1 ansible_port=%d kvnode_home=%s kvnode_port=%d
                h2 ansible_host=127.0.0.1 ansible_port=%d kvnode_port=%d
                [kvnodes:vars]
                ansible_user=%s
                ansible_ssh_private_key_file=%s
                """.formatted(sshd.port, dir.resolve("empty-home"), deadPort, deadPort, deadPort + 1, sshd.user, key));
        return inv;
    }

    @Test
    void missingKvnodectlAndADeadHostAreNamedByDoctorRunAndHeal() throws Exception {
        assumeTrue(Sshd.available(), "skipped: /usr/sbin/sshd is not installed (apt-get install openssh-server)");
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        int deadPort = dev.chaoskv.common.FreePorts.one();
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key)) {
            Path inv = inventory(sshd, key, deadPort);
            String kh = sshd.knownHosts().toString();

            Cli.Result doctor = Cli.run("doctor", "--inventory", inv.toString(), "--ssh-known-hosts", kh, "--net", "toxiproxy");
            assertEquals(1, doctor.exit(), doctor.out() + doctor.err());
            assertTrue(doctor.out().contains("ok    h1       ssh reachable          127.0.0.1:" + sshd.port), doctor.out());
            assertTrue(doctor.out().contains("fail  h1       kvnodectl              no executable " + dir.resolve("empty-home")
                    + "/bin/kvnodectl; fix: deploy with ansible-playbook"), doctor.out());
            assertTrue(doctor.out().contains("fail  h2       ssh reachable          host h2 (127.0.0.1:" + deadPort
                    + "): unreachable: cannot open SSH to 127.0.0.1:" + deadPort), doctor.out());
            assertTrue(doctor.out().endsWith("check(s) failed\n"), doctor.out());

            Path results = dir.resolve("results");
            Cli.Result run = Cli.run("run", "--inventory", inv.toString(), "--ssh-known-hosts", kh, "--time-limit", "5s",
                    "--results-dir", results.toString());
            assertEquals(3, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("nothing was started and no fault injected"), run.err());
            assertTrue(!Files.exists(results), "no run folder before the checks pass");

            Cli.Result heal = Cli.run("heal", "--inventory", inv.toString(), "--ssh-known-hosts", kh, "--net", "iptables",
                    "--results-dir", results.toString());
            assertEquals(3, heal.exit(), heal.out() + heal.err());
            assertTrue(heal.err().contains("could not heal: host h2 (127.0.0.1:" + deadPort + "): unreachable"), heal.err());
            assertTrue(heal.err().contains("run chaos heal --inventory " + inv + " again once the host is back"), heal.err());
            assertTrue(heal.err().contains("could not heal: host h1 (127.0.0.1:" + sshd.port + "): still left after heal: "), heal.err());

            // A dead remote run's folder: plain `chaos heal` heals its inventory's hosts, and the ledger keeps what is left.
            Path runDir = Files.createDirectories(results.resolve("20261130T000000-run"));
            Files.writeString(runDir.resolve("faults.jsonl"), "{\"time\":\"2026-11-30T00:00:00Z\",\"event\":\"run\",\"runnerPid\":-1,"
                    + "\"inventory\":\"" + inv + "\",\"hosts\":[\"h1\",\"h2\"],\"net\":\"iptables\"}\n");
            Files.writeString(results.resolve(".active-run"), runDir + "\n");
            Cli.Result plain = Cli.run("heal", "--results-dir", results.toString(), "--ssh-known-hosts", kh);
            assertEquals(3, plain.exit(), plain.out() + plain.err());
            assertTrue(plain.out().startsWith(runDir + " ran on the hosts of " + inv + " (--net iptables): healing them"), plain.out());
            String ledger = Files.readString(runDir.resolve("faults.jsonl"));
            assertTrue(ledger.contains("\"event\":\"heal\",\"problems\":[\"host h1 (127.0.0.1:" + sshd.port + "): still left after heal"), ledger);
            assertTrue(Files.exists(results.resolve(".active-run")), "the pointer stays while something is left to heal");
        }
    }

    @Test
    void anUnknownHostKeyFailsTheDoctorNamingTheFingerprint() throws Exception {
        assumeTrue(Sshd.available(), "skipped: /usr/sbin/sshd is not installed");
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key)) {
            Path inv = inventory(sshd, key, dev.chaoskv.common.FreePorts.one());
            Path empty = Files.writeString(dir.resolve("kh-empty"), "");
            Cli.Result doctor = Cli.run("doctor", "--inventory", inv.toString(), "--ssh-known-hosts", empty.toString());
            assertEquals(1, doctor.exit());
            assertTrue(doctor.out().contains("fail  h1       host key known         host h1 (127.0.0.1:" + sshd.port
                    + "): refused: its host key (ED25519 key SHA256:"), doctor.out());
            Cli.Result insecure = Cli.run("doctor", "--inventory", inv.toString(), "--ssh-known-hosts", empty.toString(),
                    "--ssh-insecure-accept-new");
            assertTrue(insecure.err().startsWith("WARNING: --ssh-insecure-accept-new"), insecure.err());
            assertTrue(insecure.out().contains("warn  h1       host key known         NOT VERIFIED"), insecure.out());
        }
    }

    @Test
    void badFlagsAndInventoriesAreUsageErrors() throws Exception {
        Path inv = Files.writeString(dir.resolve("bad.ini"), "[kvnodes]\nn1 kvnode_port=abc\n");
        Cli.Result r = Cli.run("doctor", "--inventory", inv.toString());
        assertEquals(64, r.exit());
        assertTrue(r.err().startsWith("error: --inventory: " + inv + ": host n1: kvnode_port is 'abc', expected a port number"), r.err());
        Path ok = Files.writeString(dir.resolve("ok.ini"), "[kvnodes]\nn1\nn2\nn3\n");
        assertEquals(64, Cli.run("run", "--inventory", ok.toString(), "--nodes", "5").exit());
        Cli.Result karg = Cli.run("run", "--inventory", ok.toString(), "--kvnode-arg=--quorum=1");
        assertEquals(64, karg.exit());
        assertTrue(karg.err().contains("set kvnode_extra_args"), karg.err());
        assertEquals(64, Cli.run("run", "--net", "iptables").exit(), "--net needs --inventory");
        Cli.Result net = Cli.run("doctor", "--inventory", ok.toString(), "--net", "nft");
        assertEquals(64, net.exit());
        assertTrue(net.err().startsWith("error: --net must be toxiproxy or iptables, not 'nft'"), net.err());
        assertEquals(64, Cli.run("doctor").exit(), "--inventory is required");
    }
}
