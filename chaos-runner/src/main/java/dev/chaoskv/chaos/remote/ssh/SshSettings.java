package dev.chaoskv.chaos.remote.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the runner speaks SSH to every host.
 *
 * @param knownHosts         host keys the runner trusts ({@code --ssh-known-hosts}, default ~/.ssh/known_hosts)
 * @param insecureAcceptNew  accept (in memory only, never written) the key of a host known_hosts does not name;
 *                           a changed key is still refused
 * @param connectTimeout     TCP connect plus SSH handshake
 * @param commandTimeout     default deadline of one remote command
 * @param channelsPerHost    most channels (commands, SFTP, tunnels excepted) open at once on one host
 * @param connectAttempts    tries per (re)connect before a host counts as unreachable
 */
public record SshSettings(Path knownHosts, boolean insecureAcceptNew, Duration connectTimeout, Duration commandTimeout,
                          int channelsPerHost, int connectAttempts) {

    public static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    public static SshSettings defaults(Path knownHosts, boolean insecureAcceptNew) {
        return new SshSettings(knownHosts, insecureAcceptNew, Duration.ofSeconds(10), Duration.ofSeconds(30), 4, 3);
    }

    public SshSettings withConnectAttempts(int n) {
        return new SshSettings(knownHosts, insecureAcceptNew, connectTimeout, commandTimeout, channelsPerHost, n);
    }
}
