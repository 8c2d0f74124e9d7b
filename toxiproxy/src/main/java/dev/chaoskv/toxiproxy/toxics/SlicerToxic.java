package dev.chaoskv.toxiproxy.toxics;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits each chunk in halves recursively until a piece is at most average+variation bytes,
 * moving each split point by up to ±variation, and spaces the pieces {@code delay} µs apart.
 */
record SlicerToxic(long averageSize, long sizeVariation, long delay) implements Toxic {
    static final ToxicType TYPE = new ToxicType("slicer",
            List.of(Attribute.integer("average_size"), Attribute.integer("size_variation"), Attribute.integer("delay")),
            a -> new SlicerToxic(a.integer("average_size"), a.integer("size_variation"), a.integer("delay")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(averageSize, sizeVariation, delay);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (!(item instanceof StreamItem.Chunk c)) {
            Toxic.pass(item, state, out);
            return;
        }
        List<int[]> pieces = new ArrayList<>();
        split(0, c.length(), state, pieces);
        long t = state.release(c.ready());
        long gap = Math.max(0, Math.min(delay, 1_000_000_000L)) * 1000L; // µs to ns
        for (int[] p : pieces) {
            out.add(c.slice(p[0], p[1] - p[0], t));
            t += gap; // the real server sleeps after every piece, the last one included
        }
        state.lastOut = t;
    }

    private void split(int start, int end, StageState state, List<int[]> pieces) {
        // An average below 1 would recurse forever in the real server; treat it as 1.
        long average = Math.max(1, averageSize);
        long variation = Math.max(0, sizeVariation);
        if ((end - start) - average <= variation || end - start <= 1) {
            pieces.add(new int[] {start, end});
            return;
        }
        long shift = variation > 0 ? state.random.nextLong(variation * 2) - variation : 0;
        int mid = (int) Math.max(start + 1, Math.min(end - 1, start + (end - start) / 2 + shift));
        split(start, mid, state, pieces);
        split(mid, end, state, pieces);
    }
}
