package dev.chaoskv.toxiproxy;

import dev.chaoskv.common.cli.CliConvention;
import dev.chaoskv.toxiproxy.api.ApiHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code bin/toxiproxy} (also {@code chaos toxiproxy}): runs the embedded Toxiproxy-compatible server until interrupted. */
@Command(name = "toxiproxy", mixinStandardHelpOptions = true,
        description = "Run the embedded Toxiproxy-compatible server (API of Toxiproxy 2.12) until Ctrl-C.",
        footer = {"", "Exit codes:", "  0   --help or --version", "  3   cannot listen on the API address (port in use, unknown host)",
                "  64  bad usage", "Stopped with SIGTERM or Ctrl-C, it closes every proxy and exits 143 or 130."})
public final class ToxiproxyCommand implements Callable<Integer> {
    /** The API port could not be bound (in use, or not an address of this host). */
    static final int EXIT_CANNOT_LISTEN = 3;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the API binds to (default: ${DEFAULT-VALUE}; loopback so it is not exposed).")
    String host;

    // Text, checked in call(), so a bad port is said the same way under bin/chaos too.
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8474", description = "API port, 0 for any (default: ${DEFAULT-VALUE}).")
    String port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OptionalInt apiPort = port();
        if (apiPort.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be a number from 0 to 65535, got '" + port + "'");
        }
        ToxiproxyServer server;
        try {
            server = ToxiproxyServer.start(host, apiPort.getAsInt());
        } catch (IOException | UncheckedIOException e) { // in use, unresolvable, not this host's address
            err.println("error: cannot listen on " + host + ":" + apiPort.getAsInt() + ": " + reason(e));
            return EXIT_CANNOT_LISTEN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "toxiproxy-shutdown"));
        System.out.println("toxiproxy API listening on " + server.url() + " (API version " + ApiHandler.VERSION + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** The --port value, if it is a port number. */
    OptionalInt port() {
        try {
            int p = Integer.parseInt(port);
            return p >= 0 && p <= 65535 ? OptionalInt.of(p) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The JDK's reason, lower-cased like the Go errors the proxies report ("address already in use"). */
    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.toLowerCase(Locale.ROOT);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as bin/toxiproxy parses it. */
    static CommandLine commandLine() {
        return CliConvention.apply(new CommandLine(new ToxiproxyCommand()));
    }
}
