package dev.chaoskv.raft.sim;

import dev.chaoskv.raft.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A network of directed links that loses, delays, duplicates and reorders messages and can be
 * cut per direction. Each message gets a random delivery time, so messages overtake each other
 * and a rare long delay produces the stale replies that Raft must ignore; FIFO links (TCP) keep
 * the order instead and lose nothing on their own. A cut link drops what is sent on it and
 * what was in flight on it, even if it heals before that would have arrived: a broken
 * connection loses its unsent data.
 */
final class SimNetwork {
    record InFlight(long deliverAt, long order, int from, int to, long epoch, Message message) {
    }

    private final Random random;
    private final SimParams params;
    private final boolean[][] cut;
    /** Latest delivery time per link, so that FIFO links never deliver out of order. */
    private final long[][] lastDelivery;
    /** Bumped whenever a link is cut: what was in flight on the old connection never arrives. */
    private final long[][] epoch;
    private long sequence;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) -> a.deliverAt != b.deliverAt
            ? Long.compare(a.deliverAt, b.deliverAt) : Long.compare(a.order, b.order));
    /** False during the quiet phase at the end of a run: no loss, duplication or long delays. */
    private boolean faulty = true;

    SimNetwork(Random random, SimParams params) {
        this.random = random;
        this.params = params;
        this.cut = new boolean[params.nodes()][params.nodes()];
        this.lastDelivery = new long[params.nodes()][params.nodes()];
        this.epoch = new long[params.nodes()][params.nodes()];
    }

    void send(long now, int from, int to, Message m) {
        if (cut[from][to]) return;
        if (faulty && random.nextDouble() < params.dropRate()) return;
        enqueue(now, from, to, m);
        if (faulty && random.nextDouble() < params.dupRate()) enqueue(now, from, to, m);
    }

    private void enqueue(long now, int from, int to, Message m) {
        long delay = random.nextInt(params.maxDelay() + 1);
        if (faulty && random.nextDouble() < params.longDelayRate()) delay += 5 + random.nextInt(40);
        if (params.fifoLinks()) {
            long at = Math.max(now + delay, lastDelivery[from][to]);
            lastDelivery[from][to] = at;
            delay = at - now;
        }
        // The random order breaks ties between messages due at the same tick: they arrive shuffled
        // (on FIFO links in the order sent).
        long order = params.fifoLinks() ? sequence++ : random.nextLong();
        queue.add(new InFlight(now + delay, order, from, to, epoch[from][to], m));
    }

    /** Messages due by {@code now}, in delivery order; those on links cut meanwhile are lost. */
    List<InFlight> due(long now) {
        List<InFlight> out = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().deliverAt() <= now) {
            InFlight f = queue.poll();
            if (!cut[f.from()][f.to()] && f.epoch() == epoch[f.from()][f.to()]) out.add(f);
        }
        return out;
    }

    boolean isCut(int from, int to) {
        return cut[from][to];
    }

    void setCut(int from, int to, boolean value) {
        cut[from][to] = value;
        if (value) epoch[from][to]++;
    }

    int inFlight() {
        return queue.size();
    }

    void calm() {
        faulty = false;
    }
}
