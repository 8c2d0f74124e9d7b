package dev.chaoskv.chaos.remote.ssh;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The SSH layer against a real sshd on 127.0.0.1 (Debian openssh-server; .ci/run installs it). */
class SshHostIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsSshd() {
        assumeTrue(Sshd.available(), "skipped: /usr/sbin/sshd is not installed (apt-get install openssh-server)");
    }

    private SshSettings settings(Path knownHosts, boolean acceptNew) {
        return SshSettings.defaults(knownHosts, acceptNew).withConnectAttempts(2);
    }

    @Test
    void ed25519CommandKeepsExitStatusOutputAndErrorsAndHitsItsDeadline() throws Exception {
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key)) {
            List<CommandResult> log = new CopyOnWriteArrayList<>();
            try (SshHost h = new SshHost(sshd.host("h1", key), settings(sshd.knownHosts(), false), log::add)) {
                CommandResult r = h.exec("echo out; echo err >&2; exit 3");
                assertEquals(3, r.exitStatus());
                assertEquals("out\n", r.stdout());
                assertEquals("err\n", r.stderr());
                assertEquals("exit 3: err", r.failure());
                assertEquals("ssh-ed25519", h.serverHostKeyAlgorithm());
                CommandResult slow = h.exec("sleep 5", Duration.ofMillis(500));
                assertTrue(slow.timedOut());
                assertEquals(-1, slow.exitStatus());
                assertTrue(slow.took().toMillis() < 4000, "the deadline stopped the wait: " + slow.took());
                assertTrue(h.exec("true").ok(), "the session is still usable after a timed-out command");
                assertEquals(3, log.size(), "every command is logged with its result");
                var best = h.clockSamples(5, Duration.ofSeconds(10)).stream()
                        .map(x -> dev.chaoskv.chaos.remote.ClockOffset.of("h1", x[0], x[1], x[2]))
                        .min(java.util.Comparator.comparingLong(dev.chaoskv.chaos.remote.ClockOffset::rttMs)).orElseThrow();
                assertTrue(Math.abs(best.offsetMs()) <= best.rttMs() / 2 + 2, "one clock, so no offset beyond the error: " + best);
                assertFalse(h.acceptedNewHostKey());
            }
        }
    }

    @Test
    void unknownHostKeyIsRefusedNamingHostAndFingerprint() throws Exception {
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key)) {
            Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
            try (SshHost h = new SshHost(sshd.host("h1", key), settings(empty, false), r -> { })) {
                SshException e = assertThrows(SshException.class, h::connect);
                assertEquals(SshException.Kind.HOST_KEY_UNKNOWN, e.kind());
                String fp = Sshd.fingerprint(sshd.hostKeyPub("ed25519"));
                assertTrue(e.getMessage().startsWith("host h1 (127.0.0.1:" + sshd.port + "): refused: its host key (ED25519 key " + fp
                        + ") is not in " + empty), e.getMessage());
                assertTrue(e.getMessage().contains("ssh-keyscan -p " + sshd.port + " 127.0.0.1"), e.getMessage());
            }
            // --ssh-insecure-accept-new: accepted for this process, recorded, known_hosts untouched.
            try (SshHost h = new SshHost(sshd.host("h1", key), settings(empty, true), r -> { })) {
                assertTrue(h.exec("true").ok());
                assertTrue(h.acceptedNewHostKey());
                assertEquals("", Files.readString(empty));
            }
        }
    }

    @Test
    void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key)) {
            Path other = Sshd.keygen("ed25519", dir.resolve("other_host_key"));
            String[] pub = Files.readString(Path.of(other + ".pub")).split(" ");
            Path kh = Files.writeString(dir.resolve("stale_known_hosts"), "[127.0.0.1]:" + sshd.port + " " + pub[0] + " " + pub[1] + "\n");
            for (boolean acceptNew : new boolean[]{false, true}) {
                try (SshHost h = new SshHost(sshd.host("h1", key), settings(kh, acceptNew), r -> { })) {
                    SshException e = assertThrows(SshException.class, h::connect);
                    assertEquals(SshException.Kind.HOST_KEY_CHANGED, e.kind());
                    assertTrue(e.getMessage().contains("host h1 (127.0.0.1:" + sshd.port + "): refused: its host key has CHANGED (it offered ED25519 key "
                            + Sshd.fingerprint(sshd.hostKeyPub("ed25519"))), e.getMessage());
                    assertTrue(e.getMessage().contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port + "'"), e.getMessage());
                }
            }
        }
    }

    @Test
    void aKeyTheHostDoesNotAuthorizeIsRefusedNamingUserAndKey() throws Exception {
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        Path wrong = Sshd.keygen("ed25519", dir.resolve("id_wrong"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key);
             SshHost h = new SshHost(sshd.host("h1", wrong), settings(sshd.knownHosts(), false), r -> { })) {
            SshException e = assertThrows(SshException.class, () -> h.exec("true"));
            assertEquals(SshException.Kind.AUTH_REFUSED, e.kind());
            assertEquals("host h1 (127.0.0.1:" + sshd.port + "): login refused for user " + sshd.user + " with key " + wrong
                    + ". Add the key's public half to ~" + sshd.user + "/.ssh/authorized_keys on the host, or set ansible_user /"
                    + " ansible_ssh_private_key_file in the inventory", e.getMessage());
        }
    }

    @Test
    void rsaHostAndUserKeysUseSha2Signatures() throws Exception {
        Path key = Sshd.keygen("rsa", dir.resolve("id_rsa"));
        try (Sshd sshd = Sshd.start(dir, List.of("rsa"), 10, key);
             SshHost h = new SshHost(sshd.host("h1", key), settings(sshd.knownHosts(), false), r -> { })) {
            assertTrue(h.exec("true").ok());
            assertTrue(List.of("rsa-sha2-512", "rsa-sha2-256").contains(h.serverHostKeyAlgorithm()), h.serverHostKeyAlgorithm());
        }
    }

    @Test
    void unreachableHostIsNamedWithWhatToCheck() throws Exception {
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 10, key)) {
            Path kh = sshd.knownHosts();
            sshd.stop();
            try (SshHost h = new SshHost(sshd.host("h1", key), settings(kh, false), r -> { })) {
                SshException e = assertThrows(SshException.class, h::connect);
                assertEquals(SshException.Kind.UNREACHABLE, e.kind());
                assertTrue(e.getMessage().startsWith("host h1 (127.0.0.1:" + sshd.port + "): unreachable: cannot open SSH to 127.0.0.1:"
                        + sshd.port), e.getMessage());
            }
        }
    }

    @Test
    void channelBoundKeepsUnderSshdsMaxSessionsAndSessionComesBackAfterTheHostRestarts() throws Exception {
        Path key = Sshd.keygen("ed25519", dir.resolve("id_ed25519"));
        try (Sshd sshd = Sshd.start(dir, List.of("ed25519"), 3, key)) {
            SshSettings s = new SshSettings(sshd.knownHosts(), false, Duration.ofSeconds(10), Duration.ofSeconds(30), 2, 5);
            try (SshHost h = new SshHost(sshd.host("h1", key), s, r -> { })) {
                ExecutorService pool = Executors.newFixedThreadPool(6);
                try {
                    List<Future<CommandResult>> runs = new ArrayList<>();
                    for (int i = 0; i < 6; i++) runs.add(pool.submit(() -> h.exec("sleep 0.3; echo done")));
                    for (Future<CommandResult> f : runs) assertEquals("done\n", f.get().stdout(), "sshd allows 3 sessions; the bound keeps us at 2");
                } finally {
                    pool.shutdownNow();
                }
                Files.writeString(dir.resolve("remote.txt"), "log line\n");
                assertTrue(h.download(dir.resolve("remote.txt").toString(), dir.resolve("home/copy.txt")));
                assertEquals("log line\n", Files.readString(dir.resolve("home/copy.txt")));
                assertFalse(h.download(dir.resolve("absent.txt").toString(), dir.resolve("home/absent.txt")));
                sshd.restart();
                assertEquals("back\n", h.exec("echo back").stdout(), "a dropped session is re-opened");
            }
        }
    }
}
