package dev.chaoskv.client.cli;

import dev.chaoskv.common.DurationParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.protocol.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bin/kv}: one request to a kvnode. Exit codes: 0 ok, 1 not found / CAS mismatch, 2 error. */
@Command(name = "kv", mixinStandardHelpOptions = true, version = "kv 0.1.0", sortOptions = false,
        description = {"Sends one request to a kvnode and prints the answer.",
                "Exit codes: 0 ok, 1 not found or CAS mismatch, 2 error (timeout, rejected, unreachable, bad usage)."},
        subcommands = {KvMain.Put.class, KvMain.Get.class, KvMain.Delete.class, KvMain.Cas.class, KvMain.Status.class, KvMain.DumpCmd.class})
public final class KvMain implements Callable<Integer> {
    static final int OK = 0, MISS = 1, ERROR = 2;

    @Option(names = "--host", defaultValue = "127.0.0.1", scope = CommandLine.ScopeType.INHERIT, description = "Node host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", required = true, scope = CommandLine.ScopeType.INHERIT, description = "Node port.")
    int port;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationParser.class, scope = CommandLine.ScopeType.INHERIT,
            description = "How long to wait for an answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-follow", scope = CommandLine.ScopeType.INHERIT, description = "Do not follow NOT_LEADER to the leader; print it.")
    boolean noFollow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ERROR;
    }

    KvClient client() {
        return new KvClient(new InetSocketAddress(host, port), Map.of(), timeout, Duration.ofSeconds(2), noFollow ? 0 : 3);
    }

    static int print(Response r) {
        if (r instanceof Response.Ok ok) {
            if (ok.value() != null) System.out.println(new String(ok.value(), StandardCharsets.UTF_8));
            else System.out.println("OK lsn=" + ok.lsn());
            return OK;
        } else if (r instanceof Response.NotFound) {
            System.out.println("NOT_FOUND");
            return MISS;
        } else if (r instanceof Response.CasMismatch m) {
            System.out.println("CAS_MISMATCH current=" + (m.current() == null ? "(absent)" : new String(m.current(), StandardCharsets.UTF_8)));
            return MISS;
        } else if (r instanceof Response.NotLeader n) {
            System.err.println("NOT_LEADER leader=" + (n.leaderId().isEmpty() ? "(unknown)" : n.leaderId() + " at " + n.leaderAddress()));
        } else if (r instanceof Response.Rejected x) {
            System.err.println("REJECTED " + x.message());
        } else if (r instanceof Response.Timeout x) {
            System.err.println("TIMEOUT " + x.message());
        } else if (r instanceof Response.Error x) {
            System.err.println("ERROR " + x.message());
        } else {
            System.err.println("unexpected response " + r);
        }
        return ERROR;
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        KvMain parent;

        abstract Response run(KvClient c) throws KvClientException;

        @Override
        public Integer call() {
            try (KvClient c = parent.client()) {
                return print(run(c));
            } catch (KvClientException e) {
                System.err.println("error: " + e.getMessage() + (e.requestSent() ? " (the request may or may not have taken effect)" : ""));
                return ERROR;
            }
        }
    }

    @Command(name = "put", description = "Set a key.")
    static final class Put extends Sub {
        @Parameters(index = "0", paramLabel = "KEY") String key;
        @Parameters(index = "1", paramLabel = "VALUE") String value;

        Response run(KvClient c) throws KvClientException {
            return c.put(key, value);
        }
    }

    @Command(name = "get", description = "Read a key (exit 1 if absent).")
    static final class Get extends Sub {
        @Parameters(index = "0", paramLabel = "KEY") String key;

        Response run(KvClient c) throws KvClientException {
            return c.get(key);
        }
    }

    @Command(name = "delete", description = "Remove a key.")
    static final class Delete extends Sub {
        @Parameters(index = "0", paramLabel = "KEY") String key;

        Response run(KvClient c) throws KvClientException {
            return c.delete(key);
        }
    }

    @Command(name = "cas", description = {"Compare-and-set: set KEY to NEW only if it currently equals OLD (exit 1 on mismatch).",
            "With --absent: cas --absent KEY NEW sets KEY only if it does not exist."})
    static final class Cas extends Sub {
        @Option(names = "--absent", description = "Expect the key to be absent; then give only KEY and NEW.") boolean absent;
        @Parameters(paramLabel = "KEY OLD NEW", arity = "2..3") java.util.List<String> args;

        Response run(KvClient c) throws KvClientException {
            if (absent ? args.size() != 2 : args.size() != 3) {
                throw new CommandLine.ParameterException(new CommandLine(this), absent ? "cas --absent takes KEY NEW" : "cas takes KEY OLD NEW");
            }
            return absent ? c.cas(args.get(0), null, args.get(1)) : c.cas(args.get(0), args.get(1), args.get(2));
        }
    }

    @Command(name = "status", description = "Print the node's status as JSON.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        KvMain parent;

        @Override
        public Integer call() throws Exception {
            try (KvClient c = parent.client()) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                System.out.println(m.writeValueAsString(m.readTree(c.status())));
                return OK;
            } catch (KvClientException e) {
                System.err.println("error: " + e.getMessage());
                return ERROR;
            }
        }
    }

    @Command(name = "dump", description = "Print every key and value the node has applied, as JSON.")
    static final class DumpCmd implements Callable<Integer> {
        @CommandLine.ParentCommand
        KvMain parent;

        @Override
        public Integer call() throws Exception {
            try (KvClient c = parent.client()) {
                Response.Dump d = c.dump();
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                var root = m.createObjectNode();
                root.put("appliedLsn", d.appliedLsn());
                var data = root.putObject("data");
                d.data().forEach((k, v) -> data.put(k, new String(v, StandardCharsets.UTF_8)));
                System.out.println(m.writeValueAsString(root));
                return OK;
            } catch (KvClientException e) {
                System.err.println("error: " + e.getMessage());
                return ERROR;
            }
        }
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new KvMain());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            return ERROR;
        });
        System.exit(cli.execute(args));
    }
}
