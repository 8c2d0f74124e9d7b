package dev.chaoskv.chaos.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.run.RunConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** run.json's "parameters", pinned to what the runner wrote before its config was grouped by concern. */
class RunOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunConfig config(String... args) {
        RunCommand command = new RunCommand();
        CommandLine cli = new CommandLine(command);
        cli.parseArgs(args);
        return command.options.toConfig(RunCommand.DEFAULTS, cli, args);
    }

    @Test
    void theDefaultsGiveTheSameParameters() throws Exception {
        String[] args = {"--time-limit", "8s", "--nemesis-interval", "2s", "--nemesis", "partition,kill,pause,latency",
                "--seed", "42", "--results-dir", "/tmp/r", "--quiet"};
        RunConfig cfg = config(args);
        assertEquals("{\"command\":\"run\",\"nodes\":3,\"timeLimitMs\":8000,\"concurrency\":10,\"rate\":500.0,\"workload\":\"mixed\","
                + "\"keys\":20,\"clientBinding\":\"any\",\"nemesis\":[\"partition-one\",\"partition-leader\",\"partition-halves\",\"partition-bridge\","
                + "\"partition-one-way\",\"kill-one\",\"kill-leader\",\"kill-minority\",\"pause-one\",\"pause-leader\",\"latency\"],"
                + "\"nemesisRequested\":[\"partition\",\"kill\",\"pause\",\"latency\"],\"nemesisIntervalMs\":2000,\"maxFaulty\":1,"
                + "\"cutMode\":\"mixed\",\"seed\":42,\"name\":\"run\",\"toxiproxyUrl\":null,\"kvnodeArgs\":[],\"opTimeoutMs\":2000,"
                + "\"sampleIntervalMs\":250,\"convergeTimeoutMs\":30000,\"checkTimeLimitMs\":60000,"
                + "\"nodeJvmOptions\":[\"-Xmx256m\",\"-XX:+UseSerialGC\"],\"direct\":false,\"clientLinks\":\"direct\",\"tls\":false}",
                JSON.writeValueAsString(cfg.parameters()));
        assertEquals(List.of(args), cfg.identity().args());
        assertEquals("/tmp/r", cfg.output().resultsDir().toString());
    }

    @Test
    void everyFlagLandsInItsParameter() throws Exception {
        RunConfig cfg = config("--nodes", "5", "--time-limit", "2m", "--concurrency", "4", "--rate", "0", "--workload", "set",
                "--keys", "7", "--client-binding", "node", "--nemesis", "kill-minority,latency", "--nemesis-interval", "3s", "--max-faulty", "2",
                "--partition-mode", "blackhole", "--seed", "9", "--name", "x.y", "--toxiproxy-url", "http://127.0.0.1:8474",
                "--kvnode-arg=--quorum=1", "--node-jvm-opt=-Xmx64m", "--op-timeout", "750ms", "--sample-interval", "100ms",
                "--converge-timeout", "5s", "--check-time-limit", "9s", "--client-links", "proxy", "-q");
        assertEquals("{\"command\":\"run\",\"nodes\":5,\"timeLimitMs\":120000,\"concurrency\":4,\"rate\":0.0,\"workload\":\"set\","
                + "\"keys\":7,\"clientBinding\":\"node\",\"nemesis\":[\"kill-minority\",\"latency\"],\"nemesisRequested\":[\"kill-minority\",\"latency\"],"
                + "\"nemesisIntervalMs\":3000,\"maxFaulty\":2,\"cutMode\":\"blackhole\",\"seed\":9,\"name\":\"x.y\","
                + "\"toxiproxyUrl\":\"http://127.0.0.1:8474\",\"kvnodeArgs\":[\"--quorum=1\"],\"opTimeoutMs\":750,"
                + "\"sampleIntervalMs\":100,\"convergeTimeoutMs\":5000,\"checkTimeLimitMs\":9000,\"nodeJvmOptions\":[\"-Xmx64m\"],"
                + "\"direct\":false,\"clientLinks\":\"proxy\",\"tls\":false}", JSON.writeValueAsString(cfg.parameters()));
        assertEquals(true, cfg.output().quiet());
    }

    @Test
    void clientsDialTheNodesUnlessToldToUseProxiesAndAWrongValueIsNamed() {
        assertFalse(config().network().proxyClients());
        assertEquals("direct", config().parameters().get("clientLinks"));
        RunConfig proxied = config("--client-links", "proxy", "--nemesis", "partition");
        assertTrue(proxied.network().proxyClients());
        assertEquals("proxy", proxied.parameters().get("clientLinks"));
        assertFalse(config("--client-links", "direct").network().proxyClients());
        assertEquals("--client-links must be proxy or direct, not 'sideways'", usageError("--client-links", "sideways"));
        assertEquals("--client-links does not apply with --direct: there is no Toxiproxy at all",
                usageError("--client-links", "proxy", "--direct", "--nemesis", "none"));
    }

    private static String usageError(String... args) {
        return assertThrows(CommandLine.ParameterException.class, () -> config(args)).getMessage();
    }

    @Test
    void faultsThatCannotApplyAreNamedWithTheirReason() {
        RunConfig one = config("--nodes", "1", "--nemesis", "partition,kill", "--seed", "1");
        assertEquals(List.of(), one.faults().kinds(), "unchanged: nothing to draw from");
        assertEquals(List.of("partition: every fault of the group needs at least 3 nodes, the cluster has 1",
                "kill: every fault of the group needs at least 3 nodes, the cluster has 1"), skipped(one, 1));
        RunConfig halves = config("--nodes", "5", "--nemesis", "kill-minority,partition-halves,latency", "--max-faulty", "1");
        assertEquals(List.of("partition-halves: takes out 2 node(s), more than --max-faulty 1"), skipped(halves, 5));
        RunConfig zero = config("--nodes", "3", "--nemesis", "kill-minority", "--max-faulty", "0");
        assertEquals(List.of("kill-minority: kills --max-faulty nodes, and --max-faulty is 0"), skipped(zero, 3));
        assertEquals(List.of(), skipped(config("--nemesis", "partition,kill,pause"), 3), "a group stands for its members that fit");
    }

    private static List<String> skipped(RunConfig cfg, int nodes) {
        return cfg.skippedFaults(ClusterPlan.of(nodes).nodeIds()).stream().map(s -> s.fault() + ": " + s.reason()).toList();
    }

    @Test
    void tlsGivesEveryNodeMutualTlsAndItsFilesOrIsRefusedWithoutAllThree() {
        RunConfig cfg = config("--tls-cert-store", "n.p12", "--tls-trust-store", "t.p12", "--tls-password-file", "pw");
        assertEquals(true, cfg.parameters().get("tls"));
        List<String> flags = cfg.network().kvnodeTlsFlags();
        assertEquals(List.of("--peer-tls", "on", "--client-tls", "require-client-cert"), flags.subList(0, 4));
        assertEquals(java.nio.file.Path.of("n.p12").toAbsolutePath().toString(), flags.get(flags.indexOf("--tls-cert-store") + 1));
        CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
                () -> config("--tls-cert-store", "n.p12", "--tls-trust-store", "t.p12"));
        assertEquals("--tls-cert-store, --tls-trust-store and --tls-password-file go together", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(CommandLine.ParameterException.class,
                () -> config("--tls-cert-store", "n.p12", "--tls-trust-store", "t.p12", "--tls-password-file", "pw", "--kvnode-arg=--client-tls=on"));
        assertEquals("--kvnode-arg --client-tls=on: with --tls-cert-store the runner sets the nodes' TLS flags itself", e.getMessage());
    }
}
