package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.remote.inventory.InventoryException;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.net.NetMode;
import dev.chaoskv.chaos.remote.ssh.SshSettings;
import dev.chaoskv.common.DurationParser;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The options of runs, checks and heals on an Ansible inventory's hosts over SSH. */
public final class RemoteOptions {
    static final Duration DEFAULT_MAX_CLOCK_OFFSET = Duration.ofSeconds(1);

    @Option(names = "--inventory", paramLabel = "FILE", description = "Drive the kvnodes an Ansible inventory (INI or YAML) deployed, over SSH, instead of local processes (docs/real-machines.md).")
    Path inventory;

    @Option(names = "--net", paramLabel = "MODE", description = "With --inventory: network faults through each host's Toxiproxy (toxiproxy) or with iptables and tc netem (iptables). Default: the inventory's chaos_net, else toxiproxy.")
    String net;

    @Option(names = "--ssh-known-hosts", paramLabel = "FILE", description = "Host keys to trust (default: the inventory's chaos_ssh_known_hosts, else ~/.ssh/known_hosts). An unknown or changed key refuses the host.")
    Path knownHosts;

    @Option(names = "--ssh-insecure-accept-new", description = "INSECURE: accept the key of a host known_hosts does not name (never a changed one), unverified; recorded in run.json.")
    boolean insecureAcceptNew;

    @Option(names = "--max-clock-offset", paramLabel = "DURATION", converter = DurationParser.class, description = "Largest clock offset of a host against this one that the checks accept (default: 1s).")
    Duration maxClockOffset;

    /** What the options and the inventory together decide. */
    record Resolved(RemoteInventory inventory, NetMode net, SshSettings ssh, Duration maxClockOffset) {
    }

    /** Usage error if an option of remote runs is given without --inventory. */
    void refuseWithoutInventory(CommandLine cmd) {
        String flag = net != null ? "--net" : knownHosts != null ? "--ssh-known-hosts" : insecureAcceptNew ? "--ssh-insecure-accept-new"
                : maxClockOffset != null ? "--max-clock-offset" : null;
        if (flag != null) throw RunOptions.usage(cmd, flag + " applies only with --inventory");
    }

    /** Loads the inventory and resolves the options; usage errors name the flag or the inventory's line. */
    Resolved resolve(CommandLine cmd, PrintStream err) {
        if (inventory == null) throw RunOptions.usage(cmd, "--inventory is required");
        if (!Files.exists(inventory)) throw RunOptions.usage(cmd, "--inventory: " + inventory + " does not exist");
        RemoteInventory inv;
        try {
            inv = RemoteInventory.load(inventory);
        } catch (InventoryException e) {
            throw RunOptions.usage(cmd, "--inventory: " + e.getMessage());
        }
        NetMode mode;
        try {
            mode = net != null ? NetMode.parse(net, "--net")
                    : inv.net().map(n -> NetMode.parse(n, inventory + ": chaos_net")).orElse(NetMode.TOXIPROXY);
        } catch (IllegalArgumentException e) {
            throw RunOptions.usage(cmd, e.getMessage());
        }
        Path kh = knownHosts != null ? knownHosts : inv.knownHosts().orElse(SshSettings.defaultKnownHosts());
        if (knownHosts != null && !Files.isRegularFile(knownHosts)) {
            throw RunOptions.usage(cmd, "--ssh-known-hosts: " + knownHosts + " is not a file");
        }
        Duration clock = maxClockOffset != null ? maxClockOffset : DEFAULT_MAX_CLOCK_OFFSET;
        if (clock.isNegative() || clock.isZero()) throw RunOptions.usage(cmd, "--max-clock-offset must be positive");
        if (insecureAcceptNew) {
            err.println("WARNING: --ssh-insecure-accept-new: host keys that " + kh + " does not name are accepted WITHOUT"
                    + " verification; a man in the middle would not be noticed. Recorded in run.json.");
        }
        return new Resolved(inv, mode, SshSettings.defaults(kh, insecureAcceptNew), clock);
    }
}
