package dev.chaoskv.kvnode.state;

import dev.chaoskv.raft.log.CasPayload;
import dev.chaoskv.raft.log.Entry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key/value map that committed entries are applied to, in LSN order, by one thread.
 * Reads may come from other threads. Keeps an order-independent digest up to date
 * incrementally, so two nodes with equal applied state report equal digests at no cost.
 */
public final class KvState {
    private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
    private volatile long appliedLsn;
    private volatile long appliedTerm;
    // 128-bit digest: sums (mod 2^64) of two independent 64-bit hashes of every (key, value) pair.
    private long digestA;
    private long digestB;

    public KvState() {
    }

    public ApplyResult apply(Entry e) {
        if (e.lsn() != appliedLsn + 1) {
            throw new IllegalStateException("apply of LSN " + e.lsn() + " after " + appliedLsn + " (entries must be applied in order)");
        }
        String key = e.keyString();
        ApplyResult result = switch (e.type()) {
            case NOOP -> new ApplyResult.Applied(e.lsn());
            case PUT -> {
                set(key, e.value());
                yield new ApplyResult.Applied(e.lsn());
            }
            case DELETE -> {
                set(key, null);
                yield new ApplyResult.Applied(e.lsn());
            }
            case CAS -> {
                CasPayload cas = CasPayload.decode(e.value());
                byte[] current = map.get(key);
                if (Arrays.equals(current, cas.expected())) {
                    set(key, cas.newValue());
                    yield new ApplyResult.Applied(e.lsn());
                }
                yield new ApplyResult.CasMismatch(e.lsn(), current);
            }
        };
        appliedTerm = e.term();
        appliedLsn = e.lsn();
        return result;
    }

    private synchronized void set(String key, byte[] value) {
        byte[] old = value == null ? map.remove(key) : map.put(key, value);
        if (old != null) {
            digestA -= hash(key, old, 0x9E3779B97F4A7C15L);
            digestB -= hash(key, old, 0xC2B2AE3D27D4EB4FL);
        }
        if (value != null) {
            digestA += hash(key, value, 0x9E3779B97F4A7C15L);
            digestB += hash(key, value, 0xC2B2AE3D27D4EB4FL);
        }
    }

    /** A 64-bit mixing hash (splitmix-style finaliser over 8-byte words) of key, a separator and value. */
    private static long hash(String key, byte[] value, long seed) {
        long h = seed;
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        h = mixBytes(h, k);
        h = mix(h ^ (0xFFL + k.length));
        h = mixBytes(h, value);
        return mix(h ^ value.length);
    }

    private static long mixBytes(long h, byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.remaining() >= 8) h = mix(h ^ buf.getLong());
        long tail = 0;
        int shift = 0;
        while (buf.hasRemaining()) {
            tail |= (buf.get() & 0xFFL) << shift;
            shift += 8;
        }
        return mix(h ^ tail ^ ((long) shift << 56));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public byte[] get(String key) {
        return map.get(key);
    }

    public long appliedLsn() {
        return appliedLsn;
    }

    public long appliedTerm() {
        return appliedTerm;
    }

    public int size() {
        return map.size();
    }

    /** Hex digest of the applied key/value pairs; equal on nodes with equal applied state. */
    public synchronized String digest() {
        return String.format("%016x%016x", digestA, digestB);
    }

    /** A sorted copy of the whole map (for snapshots and final-state dumps). */
    public Map<String, byte[]> copy() {
        return new TreeMap<>(map);
    }

    /** An unordered copy, cheaper than {@link #copy()} (for writing a snapshot). Call from the applying thread. */
    public Map<String, byte[]> copyUnordered() {
        return new java.util.HashMap<>(map);
    }

    /** Replaces the whole state with a snapshot's content. */
    public void restore(Map<String, byte[]> content, long lsn, long term) {
        map.clear();
        digestA = 0;
        digestB = 0;
        content.forEach(this::set);
        appliedLsn = lsn;
        appliedTerm = term;
    }
}
