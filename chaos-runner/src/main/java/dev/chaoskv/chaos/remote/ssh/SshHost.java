package dev.chaoskv.chaos.remote.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One host over SSH: one session, reused and re-opened with backoff when it drops; at most
 * {@link SshSettings#channelsPerHost} channels at once; a deadline on every command; every
 * command's exit status and error output handed to a listener (the run's ssh log). Host keys
 * are verified against known_hosts; refusals name the host and the key's fingerprint.
 */
public final class SshHost implements AutoCloseable {
    /** Host-key and signature algorithms offered: Ed25519, ECDSA and RSA with SHA-2 only (never SHA-1 ssh-rsa). */
    static final String KEY_ALGORITHMS = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";
    private static final long FIRST_BACKOFF_MS = 250;
    /** Keys ssh itself tries when the inventory names none. */
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final RemoteHost host;
    private final SshSettings settings;
    private final Semaphore channels;
    private final Consumer<CommandResult> log;
    private final Map<Integer, Integer> forwards = new LinkedHashMap<>();
    private Session session;
    private HostKeyCheck keys;
    private boolean closed;

    public SshHost(RemoteHost host, SshSettings settings, Consumer<CommandResult> log) {
        this.host = host;
        this.settings = settings;
        this.channels = new Semaphore(settings.channelsPerHost(), true);
        this.log = log;
    }

    public RemoteHost host() {
        return host;
    }

    /** Opens the session now (or checks it is open), so that refusals surface before anything else. */
    public synchronized void connect() throws SshException {
        session();
    }

    /** True if the host's key was not in known_hosts and was accepted because of --ssh-insecure-accept-new. */
    public synchronized boolean acceptedNewHostKey() {
        return keys != null && keys.acceptedNew();
    }

    /** The key the host offered ("ED25519 key SHA256:..."), once connected. */
    public synchronized String hostKey() {
        return keys == null ? "no key yet" : keys.offered();
    }

    public synchronized String serverHostKeyAlgorithm() throws SshException {
        return session().getServerHostKeyAlgorithm();
    }

    /** Runs a command as the login user, with the default deadline. */
    public CommandResult exec(String command) throws SshException {
        return exec(command, settings.commandTimeout());
    }

    /**
     * Runs a command that needs root: as is when the login user is root, through {@code sudo -n}
     * when the inventory sets {@code ansible_become}, as is otherwise (the command's own error
     * then says what it lacks).
     */
    public CommandResult execPrivileged(String command, Duration timeout) throws SshException {
        return exec(privileged(host, command), timeout);
    }

    /** The command line that runs {@code command} with root rights on this host. */
    public static String privileged(RemoteHost host, String command) {
        if (host.root() || !host.become()) return command;
        return "sudo -n sh -c " + Shell.quote(command);
    }

    /**
     * Runs a command; waits at most {@code timeout}. A dropped session is re-opened once and the
     * command not repeated if it may have run (the caller decides: commands here are idempotent or
     * report what they found).
     */
    public CommandResult exec(String command, Duration timeout) throws SshException {
        acquire();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            ChannelExec ch = openExec(command, out, err, timeout);
            boolean finished;
            int exit;
            try {
                while (!ch.isClosed() && System.nanoTime() < deadline) Thread.sleep(5);
                finished = ch.isClosed();
                exit = ch.getExitStatus();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SshException(SshException.Kind.CHANNEL, label() + ": interrupted while running '" + command + "'", e);
            } finally {
                ch.disconnect();
            }
            boolean timedOut = !finished;
            CommandResult r = new CommandResult(host.name(), command, timedOut ? -1 : exit,
                    out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start), timedOut);
            log.accept(r);
            return r;
        } finally {
            channels.release();
        }
    }

    /**
     * Opens an exec channel and starts the command. sshd frees a finished session's slot only once
     * it has reaped it, so an open refused right after another channel closed is retried (the
     * command has not run: the refusal comes before the request to run it).
     */
    private ChannelExec openExec(String command, ByteArrayOutputStream out, ByteArrayOutputStream err, Duration timeout)
            throws SshException {
        JSchException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            ChannelExec ch = (ChannelExec) openChannel("exec");
            ch.setCommand(command);
            ch.setInputStream(null);
            ch.setOutputStream(out);
            ch.setErrStream(err);
            try {
                ch.connect((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
                return ch;
            } catch (JSchException e) {
                ch.disconnect();
                last = e;
                if (!String.valueOf(e.getMessage()).contains("channel is not opened")) break;
                try {
                    Thread.sleep(50L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw channelFailure("run '" + command + "'", last);
    }

    /**
     * Readings of the host's clock for an offset estimate: {local ms before, remote epoch ns,
     * local ms after} per sample. One shell answers each newline with {@code date +%s%N}, so a
     * sample's round trip is one message each way, not a channel's set-up.
     */
    public List<long[]> clockSamples(int n, Duration timeout) throws SshException {
        acquire();
        try {
            ChannelExec ch = (ChannelExec) openChannel("exec");
            ch.setCommand("i=0; while [ $i -lt " + n + " ] && read x; do date +%s%N; i=$((i+1)); done");
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                java.io.InputStream in = ch.getInputStream();
                java.io.OutputStream out = ch.getOutputStream();
                ch.connect((int) timeout.toMillis());
                List<long[]> samples = new ArrayList<>();
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    long before = System.currentTimeMillis();
                    out.write('\n');
                    out.flush();
                    line.setLength(0);
                    while (true) {
                        if (in.available() > 0) {
                            int c = in.read();
                            if (c == '\n') break;
                            if (c < 0) throw new IOException("the shell ended early");
                            line.append((char) c);
                        } else if (System.nanoTime() > deadline) {
                            throw new IOException("no answer within " + timeout.toSeconds() + " s");
                        } else {
                            Thread.sleep(0, 200_000);
                        }
                    }
                    long after = System.currentTimeMillis();
                    samples.add(new long[]{before, dev.chaoskv.chaos.remote.ClockOffset.parseDateNanos(line.toString()), after});
                }
                return samples;
            } catch (JSchException | IOException | IllegalArgumentException e) {
                throw new SshException(SshException.Kind.CHANNEL, label() + ": cannot read its clock (date +%s%N): " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SshException(SshException.Kind.CHANNEL, label() + ": interrupted", e);
            } finally {
                ch.disconnect();
            }
        } finally {
            channels.release();
        }
    }

    /** Copies a remote file here over SFTP; false if it does not exist there. */
    public boolean download(String remote, Path local) throws SshException {
        acquire();
        try {
            ChannelSftp sftp = (ChannelSftp) openChannel("sftp");
            try {
                sftp.connect((int) settings.commandTimeout().toMillis());
                Files.createDirectories(local.getParent());
                Path tmp = local.resolveSibling(local.getFileName() + ".part");
                sftp.get(remote, tmp.toString());
                Files.move(tmp, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) return false;
                throw new SshException(SshException.Kind.CHANNEL, label() + ": cannot copy " + remote + " over SFTP: " + e.getMessage(), e);
            } catch (JSchException e) {
                throw channelFailure("open SFTP", e);
            } catch (IOException e) {
                throw new SshException(SshException.Kind.CHANNEL, label() + ": cannot write " + local + ": " + e.getMessage(), e);
            } finally {
                sftp.disconnect();
            }
        } finally {
            channels.release();
        }
    }

    /**
     * A local port on 127.0.0.1 that reaches {@code remoteHost:remotePort} as seen from this host
     * (an SSH tunnel). Re-created on the same local port if the session is re-opened.
     */
    public synchronized int forward(String remoteHost, int remotePort) throws SshException {
        try {
            int local = session().setPortForwardingL("127.0.0.1", 0, remoteHost, remotePort);
            forwards.put(local, remotePort);
            return local;
        } catch (JSchException e) {
            throw new SshException(SshException.Kind.CHANNEL, label() + ": cannot open a tunnel to " + remoteHost + ":" + remotePort
                    + " on the host: " + e.getMessage(), e);
        }
    }

    private void acquire() throws SshException {
        try {
            if (!channels.tryAcquire(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SshException(SshException.Kind.TIMEOUT, label() + ": all " + settings.channelsPerHost()
                        + " SSH channels stayed busy for " + settings.commandTimeout().toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(SshException.Kind.CHANNEL, label() + ": interrupted", e);
        }
    }

    /** Opens a channel; if the session dropped, re-opens it (with backoff) and tries once more. */
    private com.jcraft.jsch.Channel openChannel(String type) throws SshException {
        Session s;
        synchronized (this) {
            s = session();
        }
        try {
            return s.openChannel(type);
        } catch (JSchException e) {
            synchronized (this) {
                if (session == s) dropSession();
                try {
                    return session().openChannel(type);
                } catch (JSchException again) {
                    throw channelFailure("open a channel", again);
                }
            }
        }
    }

    private SshException channelFailure(String what, JSchException e) {
        return new SshException(SshException.Kind.CHANNEL, label() + ": cannot " + what + ": " + e.getMessage()
                + "; the connection may have dropped (check that the host is up)", e);
    }

    private Session session() throws SshException {
        if (closed) throw new SshException(SshException.Kind.CHANNEL, label() + ": already closed", null);
        if (session != null && session.isConnected()) return session;
        dropSession();
        SshException last = null;
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; attempt <= settings.connectAttempts(); attempt++) {
            try {
                session = open();
                Map<Integer, Integer> again = new LinkedHashMap<>(forwards);
                for (Map.Entry<Integer, Integer> f : again.entrySet()) {
                    session.setPortForwardingL("127.0.0.1", f.getKey(), "127.0.0.1", f.getValue());
                }
                return session;
            } catch (SshException e) {
                last = e;
                if (e.permanent()) throw e;
            } catch (JSchException e) {
                last = new SshException(SshException.Kind.CHANNEL, label() + ": cannot restore a tunnel: " + e.getMessage(), e);
            }
            if (attempt < settings.connectAttempts()) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw last;
                }
                backoff *= 2;
            }
        }
        throw last;
    }

    private Session open() throws SshException {
        JSch jsch = new JSch();
        try {
            Path kh = settings.knownHosts();
            if (Files.isRegularFile(kh)) jsch.setKnownHosts(kh.toString());
            keys = new HostKeyCheck(jsch.getHostKeyRepository(), settings.insecureAcceptNew());
            for (Path key : identities()) jsch.addIdentity(key.toString());
        } catch (JSchException e) {
            throw new SshException(SshException.Kind.AUTH_REFUSED, label() + ": cannot load "
                    + host.keyFile().map(Path::toString).orElse("the SSH key") + ": " + e.getMessage()
                    + " (the runner needs an unencrypted key, or ssh-agent is not supported: give ansible_ssh_private_key_file)", e);
        }
        Session s;
        try {
            s = jsch.getSession(host.user(), host.address(), host.sshPort());
        } catch (JSchException e) {
            throw new SshException(SshException.Kind.UNREACHABLE, label() + ": " + e.getMessage(), e);
        }
        s.setHostKeyRepository(keys);
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("HashKnownHosts", "no");
        s.setConfig("PreferredAuthentications", "publickey");
        s.setConfig("server_host_key", KEY_ALGORITHMS);
        s.setConfig("PubkeyAcceptedAlgorithms", KEY_ALGORITHMS);
        s.setDaemonThread(true);
        try {
            s.setServerAliveInterval(5_000);
            s.setServerAliveCountMax(3);
            s.connect((int) settings.connectTimeout().toMillis());
            return s;
        } catch (JSchException e) {
            s.disconnect();
            throw classify(e);
        }
    }

    private List<Path> identities() throws SshException {
        if (host.keyFile().isPresent()) {
            Path k = host.keyFile().get();
            if (!Files.isReadable(k)) {
                throw new SshException(SshException.Kind.AUTH_REFUSED, label() + ": ansible_ssh_private_key_file " + k
                        + " does not exist or cannot be read", null);
            }
            return List.of(k);
        }
        List<Path> found = new ArrayList<>();
        Path dir = Path.of(System.getProperty("user.home"), ".ssh");
        for (String name : DEFAULT_KEYS) if (Files.isReadable(dir.resolve(name))) found.add(dir.resolve(name));
        return found;
    }

    /** One message per way a connection fails, naming the host and what to do. */
    private SshException classify(JSchException e) {
        String msg = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        String where = host.address() + ":" + host.sshPort();
        String kh = settings.knownHosts().toString();
        if (keys.lastResult() == HostKeyCheck.CHANGED) {
            return new SshException(SshException.Kind.HOST_KEY_CHANGED, label() + ": refused: its host key has CHANGED (it offered "
                    + keys.offered() + ", " + kh + " holds another key for it). If the host was reinstalled, check the new "
                    + "fingerprint on its console, then replace the entry: ssh-keygen -R " + knownHostsName() + " -f " + kh
                    + "; otherwise someone may be intercepting the connection", e);
        }
        if (keys.lastResult() == HostKeyCheck.NOT_INCLUDED && !settings.insecureAcceptNew()) {
            return new SshException(SshException.Kind.HOST_KEY_UNKNOWN, label() + ": refused: its host key (" + keys.offered()
                    + ") is not in " + kh + (Files.isRegularFile(settings.knownHosts()) ? "" : " (the file does not exist)")
                    + ". Check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then add it: "
                    + "ssh-keyscan -p " + host.sshPort() + " " + host.address() + " >> " + kh
                    + " (or run once with --ssh-insecure-accept-new)", e);
        }
        if (msg.contains("Auth fail") || msg.contains("USERAUTH fail") || msg.contains("Auth cancel")) {
            String key = host.keyFile().map(Path::toString).orElse("none of ~/.ssh/" + String.join(", ", DEFAULT_KEYS));
            return new SshException(SshException.Kind.AUTH_REFUSED, label() + ": login refused for user " + host.user()
                    + " with key " + key + ". Add the key's public half to ~" + host.user()
                    + "/.ssh/authorized_keys on the host, or set ansible_user / ansible_ssh_private_key_file in the inventory", e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
                || cause instanceof SocketTimeoutException || msg.contains("timeout") || msg.contains("Connection refused")) {
            return new SshException(SshException.Kind.UNREACHABLE, label() + ": unreachable: cannot open SSH to " + where + " ("
                    + (cause != null ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : msg)
                    + "). Check that the host is up, sshd listens on that port, and ansible_host / ansible_port in the inventory", e);
        }
        return new SshException(SshException.Kind.UNREACHABLE, label() + ": SSH to " + where + " failed: " + msg, e);
    }

    /** How known_hosts names this host: "[addr]:port" unless the port is 22. */
    String knownHostsName() {
        return host.sshPort() == 22 ? host.address() : "'[" + host.address() + "]:" + host.sshPort() + "'";
    }

    private String label() {
        return "host " + host.label();
    }

    private void dropSession() {
        if (session != null) session.disconnect();
        session = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        dropSession();
    }
}
