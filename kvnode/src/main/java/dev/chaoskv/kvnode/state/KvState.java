package dev.chaoskv.kvnode.state;

import dev.chaoskv.raft.log.CasPayload;
import dev.chaoskv.raft.log.Entry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
        ApplyResult result = switch (e.type()) {
            case NOOP -> new ApplyResult.Applied(e.lsn());
            case PUT -> {
                set(e.keyString(), e.key(), e.value());
                yield new ApplyResult.Applied(e.lsn());
            }
            case DELETE -> {
                set(e.keyString(), e.key(), null);
                yield new ApplyResult.Applied(e.lsn());
            }
            case CAS -> {
                CasPayload cas = CasPayload.decode(e.value());
                String key = e.keyString();
                byte[] current = map.get(key);
                if (Arrays.equals(current, cas.expected())) {
                    set(key, e.key(), cas.newValue());
                    yield new ApplyResult.Applied(e.lsn());
                }
                yield new ApplyResult.CasMismatch(e.lsn(), current);
            }
        };
        appliedTerm = e.term();
        appliedLsn = e.lsn();
        return result;
    }

    /** {@code keyBytes} is {@code key} in UTF-8 (the entry carries both, so neither is encoded again here). */
    private synchronized void set(String key, byte[] keyBytes, byte[] value) {
        byte[] old = value == null ? map.remove(key) : map.put(key, value);
        if (old != null) {
            digestA -= hash(keyBytes, old, 0x9E3779B97F4A7C15L);
            digestB -= hash(keyBytes, old, 0xC2B2AE3D27D4EB4FL);
        }
        if (value != null) {
            digestA += hash(keyBytes, value, 0x9E3779B97F4A7C15L);
            digestB += hash(keyBytes, value, 0xC2B2AE3D27D4EB4FL);
        }
    }

    /** A 64-bit mixing hash (splitmix-style finaliser over 8-byte words) of key, a separator and value. */
    private static long hash(byte[] k, byte[] value, long seed) {
        long h = seed;
        h = mixBytes(h, k);
        h = mix(h ^ (0xFFL + k.length));
        h = mixBytes(h, value);
        return mix(h ^ value.length);
    }

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static long mixBytes(long h, byte[] b) {
        int i = 0;
        for (; i + 8 <= b.length; i += 8) h = mix(h ^ (long) LONG_BE.get(b, i));
        long tail = 0;
        int shift = 0;
        for (; i < b.length; i++) {
            tail |= (b[i] & 0xFFL) << shift;
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

    /**
     * The pairs as they are now, for writing a snapshot while applying goes on. Call from the
     * applying thread, which it holds up: it copies references only (no hashing, no entry
     * objects), yet at a million keys that still took 40-220 ms on the benchmark machine
     * (docs/BENCHMARKS.md), against 240-1,000 ms for the map copy it replaced.
     */
    public Image image() {
        int n = map.size();
        String[] keys = new String[n];
        byte[][] values = new byte[n][];
        int[] i = {0};
        map.forEach((k, v) -> {
            keys[i[0]] = k;
            values[i[0]++] = v;
        });
        return new Image(keys, values);
    }

    /** Keys and their values at one applied LSN; index i of one array goes with index i of the other. */
    public record Image(String[] keys, byte[][] values) {
        public static Image of(Map<String, byte[]> data) {
            String[] keys = data.keySet().toArray(new String[0]);
            byte[][] values = new byte[keys.length][];
            for (int i = 0; i < keys.length; i++) values[i] = data.get(keys[i]);
            return new Image(keys, values);
        }

        public int size() {
            return keys.length;
        }
    }

    /** Replaces the whole state with a snapshot's content. */
    public void restore(Map<String, byte[]> content, long lsn, long term) {
        map.clear();
        digestA = 0;
        digestB = 0;
        content.forEach((k, v) -> set(k, k.getBytes(StandardCharsets.UTF_8), v));
        appliedLsn = lsn;
        appliedTerm = term;
    }
}
