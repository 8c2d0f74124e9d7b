package dev.chaoskv.toxiproxy;

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
        description = "Run the embedded Toxiproxy-compatible server (API of Toxiproxy 2.12) until Ctrl-C.")
public final class ToxiproxyCommand implements Callable<Integer> {
    static final int EXIT_USAGE = 64;
    /** The API port could not be bound (in use, or not an address of this host). */
    static final int EXIT_CANNOT_LISTEN = 3;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address the API binds to (default: ${DEFAULT-VALUE}; loopback so it is not exposed).")
    String host;

    // Text, checked in call(): a bad port is then one line and exit 64 under bin/chaos too.
    @Option(names = "--port", defaultValue = "8474", description = "API port, 0 for any (default: ${DEFAULT-VALUE}).")
    String port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OptionalInt apiPort = port();
        if (apiPort.isEmpty()) {
            err.println("error: --port must be a number from 0 to 65535, got '" + port + "'");
            return EXIT_USAGE;
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
        CommandLine cli = new CommandLine(new ToxiproxyCommand());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().getErr().println("See 'toxiproxy --help'.");
            return EXIT_USAGE;
        });
        System.exit(cli.execute(args));
    }
}
