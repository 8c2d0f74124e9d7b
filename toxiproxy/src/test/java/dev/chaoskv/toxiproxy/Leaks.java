package dev.chaoskv.toxiproxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Counts what the embedded server holds for a proxy: its threads (named
 * {@code toxiproxy-<proxy>-...}) and its TCP sockets, found by matching this process's file
 * descriptors against /proc/net/tcp{,6}: the listener and accepted sockets have the proxy's
 * local port, the dialed upstream sockets have the upstream's port as remote port.
 */
final class Leaks {
    private Leaks() {
    }

    static int threads(String prefix) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).filter(t -> t.getName().startsWith(prefix)).count();
    }

    static int proxySockets(int listenPort, int upstreamPort) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p); // read once: the table changes all the time
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int local = port(f[1]);
                int remote = port(f[2]);
                if (local == listenPort || remote == upstreamPort) {
                    inodes.add(f[9]);
                }
            }
        }
        int count = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        count++;
                    }
                } catch (IOException ignored) {
                    // the descriptor closed while listing
                }
            }
        }
        return count;
    }

    /** Polls until {@code check} returns 0 or 5 s pass; returns the last value. */
    static int settle(IntCheck check) throws Exception {
        long end = System.nanoTime() + 5_000_000_000L;
        int v;
        while ((v = check.get()) != 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return v;
    }

    interface IntCheck {
        int get() throws Exception;
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.lastIndexOf(':') + 1), 16);
    }
}
