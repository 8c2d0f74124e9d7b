package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.remote.RemoteDeployment;
import dev.chaoskv.chaos.remote.doctor.Check;
import dev.chaoskv.chaos.remote.doctor.Doctor;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code chaos doctor --inventory FILE}: every check a remote run needs, one line per host and check. */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check that the hosts of an inventory are ready for chaos run --inventory.",
                "One line per host and check (ok, warn, fail, skip), with the fix in words:",
                "SSH reachable, host key known, key accepted, root or sudo -n, iptables and",
                "netem (--net iptables), kvnodectl present and the node running, the node's",
                "port from here and from every other host, the client port and Toxiproxy API",
                "(--net toxiproxy), clock offset under --max-clock-offset.",
                "Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 64 bad usage."})
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    RemoteOptions remote;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RemoteOptions.Resolved r = remote.resolve(spec.commandLine(), System.err);
        try (SshConnections ssh = new SshConnections(r.ssh(), new RemoteDeployment.CommandLog())) {
            Doctor.Report report = new Doctor(r.inventory(), ssh, r.net(), r.maxClockOffset()).run();
            return print(report, r, System.out) ? ChaosMain.EXIT_VALID : 1;
        }
    }

    /** Prints every check and a summary line; true if none failed. */
    static boolean print(Doctor.Report report, RemoteOptions.Resolved r, PrintStream out) {
        out.println("inventory " + r.inventory().file() + ": " + r.inventory().hosts().size() + " hosts, --net " + r.net().wireName()
                + ", known hosts " + r.ssh().knownHosts());
        report.checks().forEach(c -> out.println(c.line()));
        long failed = report.failures().size();
        long warned = report.checks().stream().filter(c -> c.status() == Check.Status.WARN).count();
        out.println(failed == 0 ? "doctor: every check passed" + (warned > 0 ? " (" + warned + " warning(s))" : "")
                : "doctor: " + failed + " check(s) failed");
        return failed == 0;
    }
}
