package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.load.ClientWorker;
import dev.chaoskv.chaos.load.HistoryWriter;
import dev.chaoskv.chaos.load.LoadStats;
import dev.chaoskv.chaos.load.RateLimiter;
import dev.chaoskv.chaos.load.Workload;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The client workers of a run: started together, stopped together, and the keys they may have written. */
final class LoadDriver {
    private final RunConfig.Load cfg;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Set<String> addedKeys = ConcurrentHashMap.newKeySet();
    private final List<Thread> workers = new ArrayList<>();

    /** @param directory node id -> the address clients reach it at (worker i's own node is node i mod n) */
    LoadDriver(RunConfig.Load cfg, long seed, Map<String, InetSocketAddress> directory, HistoryWriter history, LoadStats stats,
               SSLContext tls) {
        this.cfg = cfg;
        ClientWorker.Shared shared = new ClientWorker.Shared(new Workload(cfg.workload(), cfg.keys()), history, stats,
                new RateLimiter(cfg.rate()), new AtomicInteger(), new ConcurrentHashMap<>(), addedKeys, directory,
                cfg.opTimeout(), stop, cfg.binding(), tls);
        List<InetSocketAddress> targets = new ArrayList<>(directory.values());
        for (int i = 0; i < cfg.concurrency(); i++) {
            Thread t = new Thread(new ClientWorker(shared, i, seed, targets.get(i % targets.size())), "client-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    /** Tells every worker to stop after its operation in flight. */
    void halt() {
        stop.set(true);
    }

    /** Halts and waits for every worker (operations in flight finish or time out). */
    void stop() throws InterruptedException {
        halt();
        for (Thread t : workers) t.join(cfg.opTimeout().toMillis() + 5000);
    }

    /** Every key the run may have written: the register keys and every attempted add. */
    Set<String> touchedKeys() {
        Set<String> keys = new TreeSet<>(addedKeys);
        if (cfg.workload() != Workload.Kind.SET) for (int i = 0; i < cfg.keys(); i++) keys.add(Workload.registerKey(i));
        return keys;
    }
}
