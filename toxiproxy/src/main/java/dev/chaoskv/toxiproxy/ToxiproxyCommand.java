package dev.chaoskv.toxiproxy;

import dev.chaoskv.toxiproxy.api.ApiHandler;
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

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address the API binds to (default: ${DEFAULT-VALUE}; loopback so it is not exposed).")
    String host;

    @Option(names = "--port", defaultValue = "8474", description = "API port, 0 for any (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        ToxiproxyServer server = ToxiproxyServer.start(host, port);
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
