package dev.chaoskv.toxiproxy.toxics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every toxic type the server knows, by wire name, like the real server's
 * {@code toxics.Register}. A new toxic is its own class with a {@code TYPE} and one line here.
 */
public final class ToxicTypes {
    private static final Map<String, ToxicType> BY_NAME = index(
            LatencyToxic.TYPE,
            BandwidthToxic.TYPE,
            SlowCloseToxic.TYPE,
            TimeoutToxic.TYPE,
            ResetPeerToxic.TYPE,
            SlicerToxic.TYPE,
            LimitDataToxic.TYPE,
            NoopToxic.TYPE,
            PacketLossToxic.TYPE);

    private ToxicTypes() {
    }

    public static Optional<ToxicType> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** In registration order. */
    public static List<ToxicType> all() {
        return List.copyOf(BY_NAME.values());
    }

    private static Map<String, ToxicType> index(ToxicType... types) {
        Map<String, ToxicType> byName = new LinkedHashMap<>();
        for (ToxicType t : types) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalStateException("toxic type " + t.name() + " registered twice");
            }
        }
        return byName;
    }
}
