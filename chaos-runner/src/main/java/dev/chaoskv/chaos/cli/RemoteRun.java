package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.remote.RemoteDeployment;
import dev.chaoskv.chaos.remote.doctor.Doctor;
import dev.chaoskv.chaos.remote.net.NetMode;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.run.ChaosRun;
import dev.chaoskv.chaos.run.RunConfig;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** {@code chaos run --inventory}: the doctor's checks, then the same run as a local one, on the inventory's hosts. */
final class RemoteRun {
    private RemoteRun() {
    }

    static int execute(RunOptions options, RemoteOptions remote, RunOptions.Defaults defaults, CommandLine cmd, String[] args) {
        RemoteOptions.Resolved r = remote.resolve(cmd, System.err);
        int hosts = r.inventory().hosts().size();
        if (options.nodes != null && options.nodes != hosts) {
            throw RunOptions.usage(cmd, "--nodes " + options.nodes + " disagrees with the inventory's " + hosts + " kvnode hosts; leave --nodes out");
        }
        if (options.toxiproxyUrl != null || options.direct) {
            throw RunOptions.usage(cmd, (options.direct ? "--direct" : "--toxiproxy-url") + " does not apply to --inventory runs (use --net)");
        }
        if (options.clientLinks != null) {
            throw RunOptions.usage(cmd, "--client-links does not apply to --inventory runs: the deployment fixes the client links"
                    + " (--net toxiproxy: each host's client-to-<id> proxy; --net iptables: the nodes themselves)");
        }
        if (!options.kvnodeArgs.isEmpty() || !options.nodeJvmOptions.isEmpty()) {
            throw RunOptions.usage(cmd, (options.kvnodeArgs.isEmpty() ? "--node-jvm-opt" : "--kvnode-arg")
                    + " does not apply to --inventory runs: kvnodectl starts the nodes with the deployed settings; set kvnode_extra_args"
                    + " (or kvnode_jvm_opts) in the inventory and run ansible-playbook again");
        }
        options.nodes = hosts;
        RunConfig cfg = options.toConfig(defaults, cmd, args);
        if (options.dryRun) {
            System.out.println("inventory " + r.inventory().file() + ": nodes " + r.inventory().nodeIds() + ", --net " + r.net().wireName());
            // the hosts are not asked here: netem is assumed (the real run checks it first)
            return dev.chaoskv.chaos.run.DryRun.print(cfg, System.out, r.net() == NetMode.IPTABLES
                    ? kind -> dev.chaoskv.chaos.remote.net.IptablesFaults.refused(kind, true)
                    : dev.chaoskv.chaos.network.ToxiproxyFaults::refused);
        }
        RemoteDeployment.CommandLog log = new RemoteDeployment.CommandLog();
        try (SshConnections ssh = new SshConnections(r.ssh(), log); log) {
            System.out.println("checking the hosts (chaos doctor --inventory " + r.inventory().file() + ")");
            Doctor.Report report = new Doctor(r.inventory(), ssh, r.net(), r.maxClockOffset()).run();
            if (!DoctorCommand.print(report, r, System.out)) {
                System.err.println("error: " + report.failures().size() + " check(s) failed on the hosts (see above); nothing was started and no fault injected");
                return ChaosMain.EXIT_HARNESS;
            }
            List<FaultKind.Skipped> skipped = new ArrayList<>();
            RunConfig run = cfg;
            if (r.net() == NetMode.IPTABLES && !report.netem() && cfg.faults().kinds().contains(FaultKind.LATENCY)) {
                skipped.add(new FaultKind.Skipped("latency", "not every host has tc netem (sch_netem): latency is skipped in iptables mode"));
                List<FaultKind> kinds = cfg.faults().kinds().stream().filter(k -> k != FaultKind.LATENCY).toList();
                run = new RunConfig(cfg.identity(), cfg.output(), cfg.nodes(), cfg.load(),
                        new RunConfig.Faults(kinds, cfg.faults().requested(), cfg.faults().interval(), cfg.faults().maxFaulty(), cfg.faults().cutMode()),
                        cfg.network(), cfg.observation());
            }
            RemoteDeployment deployment = new RemoteDeployment(r.inventory(), r.net(), ssh, log, report.clocks(), skipped, report.netem());
            return new ChaosRun(run, deployment, System.out, System.err).run();
        }
    }
}
