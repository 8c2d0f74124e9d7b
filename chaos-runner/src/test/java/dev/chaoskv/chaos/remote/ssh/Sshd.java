package dev.chaoskv.chaos.remote.ssh;

import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.common.FreePorts;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server (Debian's openssh-server) for tests: on 127.0.0.1 and a free port, with
 * host keys generated into a temporary folder, logging in the current user with the keys given.
 * {@link #close} stops it and every session process it forked.
 */
public final class Sshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    public final int port;
    public final String user = System.getProperty("user.name");
    private final List<String> hostKeyTypes;
    private final int maxSessions;
    private Process process;

    private Sshd(Path dir, int port, List<String> hostKeyTypes, int maxSessions) {
        this.dir = dir;
        this.port = port;
        this.hostKeyTypes = hostKeyTypes;
        this.maxSessions = maxSessions;
    }

    public static boolean available() {
        return Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
    }

    /** Starts sshd with host keys of the given types ("ed25519", "rsa"), authorizing the public keys given. */
    public static Sshd start(Path dir, List<String> hostKeyTypes, int maxSessions, Path... authorized) throws Exception {
        Sshd s = new Sshd(dir, FreePorts.one(), hostKeyTypes, maxSessions);
        for (String t : hostKeyTypes) keygen(t, dir.resolve("ssh_host_" + t + "_key"));
        StringBuilder keys = new StringBuilder();
        for (Path k : authorized) keys.append(Files.readString(Path.of(k + ".pub")));
        Files.writeString(dir.resolve("authorized_keys"), keys.toString());
        s.writeConfig();
        s.startProcess();
        return s;
    }

    /** A new key pair at {@code file} (and file.pub), no passphrase. */
    public static Path keygen(String type, Path file) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test", "-f", file.toString()));
        if (type.equals("rsa")) cmd.addAll(List.of("-b", "3072"));
        run(cmd);
        return file;
    }

    /** "SHA256:..." as ssh-keygen prints it. */
    static String fingerprint(Path pub) throws Exception {
        return run(List.of("ssh-keygen", "-lf", pub.toString())).split(" ")[1];
    }

    /** A known_hosts file naming this server's host keys. */
    public Path knownHosts() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String t : hostKeyTypes) {
            String[] pub = Files.readString(dir.resolve("ssh_host_" + t + "_key.pub")).strip().split(" ");
            b.append("[127.0.0.1]:").append(port).append(' ').append(pub[0]).append(' ').append(pub[1]).append('\n');
        }
        Path f = dir.resolve("known_hosts");
        Files.writeString(f, b.toString());
        return f;
    }

    Path hostKeyPub(String type) {
        return dir.resolve("ssh_host_" + type + "_key.pub");
    }

    RemoteHost host(String name, Path key) {
        return new RemoteHost(name, "127.0.0.1", port, user, Optional.ofNullable(key), false, name,
                new HostPort("127.0.0.1", 9001), "/opt/kvnode", "/opt/kvnode/data", "/opt/kvnode/log/kvnode.log", 9101, List.of(), new HostPort("127.0.0.1", 8474));
    }

    private void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("Port ").append(port).append("\nListenAddress 127.0.0.1\n");
        for (String t : hostKeyTypes) c.append("HostKey ").append(dir.resolve("ssh_host_" + t + "_key")).append('\n');
        c.append("AuthorizedKeysFile ").append(dir.resolve("authorized_keys")).append('\n')
                .append("PidFile ").append(dir.resolve("sshd.pid")).append('\n')
                .append("""
                        StrictModes no
                        UsePAM no
                        PasswordAuthentication no
                        KbdInteractiveAuthentication no
                        PubkeyAuthentication yes
                        PermitRootLogin prohibit-password
                        AllowTcpForwarding yes
                        Subsystem sftp internal-sftp
                        LogLevel ERROR
                        """)
                .append("MaxSessions ").append(maxSessions).append('\n');
        Files.writeString(dir.resolve("sshd_config"), c.toString());
    }

    private void startProcess() throws Exception {
        Files.createDirectories(Path.of("/run/sshd"));
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not listen on " + port);
    }

    /** Kills sshd and every session it forked (a host that goes down), then starts it again on the same port. */
    void restart() throws Exception {
        stop();
        startProcess();
    }

    public void stop() {
        if (process == null) return;
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(cmd + " failed: " + out);
        return out;
    }
}
