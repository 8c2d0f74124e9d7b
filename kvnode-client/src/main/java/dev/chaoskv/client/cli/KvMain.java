package dev.chaoskv.client.cli;

import dev.chaoskv.common.DurationParser;
import dev.chaoskv.common.cli.CliConvention;
import dev.chaoskv.common.tls.TlsSetupException;
import dev.chaoskv.common.tls.TlsStores;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.KvClientException;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.net.ssl.SSLContext;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/kv}: one request to a kvnode. Exit codes: 0 ok, 1 not found / CAS mismatch, 2 error,
 * 64 bad usage.
 * Keys and values reach the node exactly as typed (see {@link ArgumentText}) or as --hex/--base64
 * give them, and values are printed byte for byte.
 */
@Command(name = "kv", sortOptions = false,
        description = {"Sends one request to a kvnode and prints the answer.",
                "Keys and values are sent byte for byte: an argument that is not valid UTF-8 is refused;"
                        + " give binary values (and keys that are hard to type) with --hex or --base64.",
                "Example: kv --port 9001 put k1 v1",
                "With TLS: kv --port 9001 --tls-trust-store trust.p12 --tls-password-file password get k1"},
        footer = {"", "Exit codes:", "  0   ok", "  1   not found or CAS mismatch", "  2   error (timeout, rejected, unreachable)",
                "  64  bad usage"},
        subcommands = {CommandLine.HelpCommand.class, KvMain.Put.class, KvMain.Get.class, KvMain.Delete.class, KvMain.Cas.class, KvMain.Status.class, KvMain.DumpCmd.class})
public final class KvMain {
    static final int OK = 0, MISS = 1, ERROR = 2, USAGE = CliConvention.EXIT_USAGE;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", scope = CommandLine.ScopeType.INHERIT, description = "Node host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", required = true, scope = CommandLine.ScopeType.INHERIT, description = "Node port.")
    int port;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationParser.class, scope = CommandLine.ScopeType.INHERIT,
            description = "How long to wait for an answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--no-follow", scope = CommandLine.ScopeType.INHERIT, description = "Do not follow NOT_LEADER to the leader; print it.")
    boolean noFollow;

    @Option(names = "--hex", scope = CommandLine.ScopeType.INHERIT,
            description = "Keys and values are given and printed as hex (two digits per byte), e.g. put 6b31 00ff.")
    boolean hex;

    @Option(names = "--base64", scope = CommandLine.ScopeType.INHERIT,
            description = "Keys and values are given and printed as base64 (RFC 4648, with padding).")
    boolean base64;

    @Option(names = "--tls-trust-store", paramLabel = "FILE.p12", scope = CommandLine.ScopeType.INHERIT,
            description = "Speak TLS: PKCS#12 trust store with the authority of the node's certificate (which must name the --host).")
    Path tlsTrustStore;

    @Option(names = "--tls-cert-store", paramLabel = "FILE.p12", scope = CommandLine.ScopeType.INHERIT,
            description = "PKCS#12 key store with this client's key and certificate, for a node with --client-tls require-client-cert.")
    Path tlsCertStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "File holding the password of the TLS stores (one trailing newline ignored).")
    Path tlsPasswordFile;

    private final PrintStream out;
    private final PrintStream err;

    KvMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    KvClient client() throws KvClientException {
        SSLContext tls = null;
        if (tlsTrustStore != null) {
            try {
                tls = new TlsStores(tlsCertStore, tlsTrustStore, tlsPasswordFile).context();
            } catch (TlsSetupException e) {
                throw new KvClientException(e.getMessage(), false, e);
            }
        }
        return new KvClient(new InetSocketAddress(host, port), Map.of(), timeout, Duration.ofSeconds(2), noFollow ? 0 : 3, tls);
    }

    /** The TLS flags go together: a usage error names the missing one. */
    void checkTlsFlags(CommandLine.Model.CommandSpec where) {
        String missing = null;
        if (tlsTrustStore == null && (tlsCertStore != null || tlsPasswordFile != null)) {
            missing = (tlsCertStore != null ? "--tls-cert-store" : "--tls-password-file") + " needs --tls-trust-store";
        } else if (tlsTrustStore != null && tlsPasswordFile == null) {
            missing = "--tls-trust-store needs --tls-password-file";
        }
        if (missing != null) throw new CommandLine.ParameterException(where.commandLine(), missing);
    }

    /** The format --hex/--base64 choose; a usage error if both are given. */
    DataFormat format(CommandLine.Model.CommandSpec where) {
        try {
            return DataFormat.of(hex, base64);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(where.commandLine(), e.getMessage());
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        KvMain parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The request, with keys and values read in {@code f}; IllegalArgumentException names a bad argument. */
        abstract Request request(DataFormat f);

        @Override
        public Integer call() {
            parent.checkTlsFlags(spec);
            DataFormat f = parent.format(spec);
            Request req;
            try {
                req = request(f);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (KvClient c = parent.client()) {
                return new ResponsePrinter(f, parent.out, parent.err).print(c.call(req));
            } catch (KvClientException e) {
                parent.err.println("error: " + e.getMessage() + (e.requestSent() ? " (the request may or may not have taken effect)" : ""));
                return ERROR;
            }
        }
    }

    @Command(name = "put", description = "Set a key.")
    static final class Put extends Sub {
        @Parameters(index = "0", paramLabel = "KEY") String key;
        @Parameters(index = "1", paramLabel = "VALUE") String value;

        Request request(DataFormat f) {
            return new Request.Put(f.key(key, "KEY"), f.bytes(value, "VALUE"));
        }
    }

    @Command(name = "get", description = "Read a key (exit 1 if absent).")
    static final class Get extends Sub {
        @Parameters(index = "0", paramLabel = "KEY") String key;

        Request request(DataFormat f) {
            return new Request.Get(f.key(key, "KEY"));
        }
    }

    @Command(name = "delete", description = "Remove a key.")
    static final class Delete extends Sub {
        @Parameters(index = "0", paramLabel = "KEY") String key;

        Request request(DataFormat f) {
            return new Request.Delete(f.key(key, "KEY"));
        }
    }

    @Command(name = "cas", description = {"Compare-and-set: set KEY to NEW only if it currently equals OLD (exit 1 on mismatch).",
            "With --absent: cas --absent KEY NEW sets KEY only if it does not exist."})
    static final class Cas extends Sub {
        @Option(names = "--absent", description = "Expect the key to be absent; then give only KEY and NEW.") boolean absent;
        @Parameters(paramLabel = "KEY OLD NEW", arity = "2..3") List<String> args;

        Request request(DataFormat f) {
            if (absent ? args.size() != 2 : args.size() != 3) {
                throw new IllegalArgumentException(absent ? "cas --absent takes KEY NEW" : "cas takes KEY OLD NEW");
            }
            String key = f.key(args.get(0), "KEY");
            return absent ? new Request.Cas(key, null, f.bytes(args.get(1), "NEW"))
                    : new Request.Cas(key, f.bytes(args.get(1), "OLD"), f.bytes(args.get(2), "NEW"));
        }
    }

    @Command(name = "status", description = "Print the node's status as JSON.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        KvMain parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            parent.checkTlsFlags(spec);
            try (KvClient c = parent.client()) {
                return new ResponsePrinter(DataFormat.TEXT, parent.out, parent.err).status(c.status());
            } catch (KvClientException e) {
                parent.err.println("error: " + e.getMessage());
                return ERROR;
            }
        }
    }

    @Command(name = "dump", description = "Print every key and value the node has applied, as JSON (keys and values in hex or base64 with --hex or --base64).")
    static final class DumpCmd implements Callable<Integer> {
        @CommandLine.ParentCommand
        KvMain parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            parent.checkTlsFlags(spec);
            DataFormat f = parent.format(spec);
            try (KvClient c = parent.client()) {
                return new ResponsePrinter(f, parent.out, parent.err).dump(c.dump());
            } catch (KvClientException | IllegalArgumentException e) { // IllegalArgumentException: a value JSON text cannot hold
                parent.err.println("error: " + e.getMessage());
                return ERROR;
            }
        }
    }

    /**
     * The command line as bin/kv parses it. Picocli's @file expansion is off: it would replace a
     * key such as "@config" by the contents of a file of that name.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = CliConvention.apply(new CommandLine(new KvMain(out, err)));
        cli.setExpandAtFiles(false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    /** Runs bin/kv on arguments already checked to be the exact text typed; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        return code;
    }

    public static void main(String[] args) {
        String[] text;
        try {
            text = ArgumentText.of(args);
        } catch (ArgumentText.InvalidArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("See 'kv --help'.");
            System.exit(USAGE);
            return;
        }
        System.exit(run(text, System.out, System.err));
    }
}
