package dev.chaoskv.chaos.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one action per host at once and waits for all: a slow host does not hold up the others. */
public final class PerHost {
    /** An action on one host that may fail with a message naming it. */
    @FunctionalInterface
    public interface Action<H, R> {
        R apply(H host) throws Exception;
    }

    /** What happened on one host: its value, or the failure. */
    public record Result<R>(R value, Exception failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private PerHost() {
    }

    public static <H, R> Map<H, Result<R>> run(List<H> hosts, Action<H, R> action) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, hosts.size()), r -> {
            Thread t = new Thread(r, "per-host");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (H h : hosts) futures.add(pool.submit(() -> action.apply(h)));
            Map<H, Result<R>> out = new LinkedHashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                try {
                    out.put(hosts.get(i), new Result<>(futures.get(i).get(), null));
                } catch (ExecutionException e) {
                    out.put(hosts.get(i), new Result<>(null, e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.put(hosts.get(i), new Result<>(null, e));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The failures' messages, one per failed host. */
    public static <H, R> List<String> failures(Map<H, Result<R>> results) {
        List<String> out = new ArrayList<>();
        results.values().forEach(r -> {
            if (!r.ok()) out.add(String.valueOf(r.failure().getMessage()));
        });
        return out;
    }
}
