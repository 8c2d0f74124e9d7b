package dev.chaoskv.chaos.results.data;

import java.util.ArrayList;
import java.util.List;

/** The kvnode flags of a run that make it unsafe on purpose: any --unsafe-* mode, and a --quorum below a majority. */
public final class UnsafeFlags {
    private UnsafeFlags() {
    }

    /** One sentence per unsafe flag among {@code kvnodeArgs} for a cluster of {@code nodes}. */
    public static List<String> of(List<String> kvnodeArgs, int nodes) {
        List<String> out = new ArrayList<>();
        int majority = nodes / 2 + 1;
        for (int i = 0; i < kvnodeArgs.size(); i++) {
            String a = kvnodeArgs.get(i);
            if (a.startsWith("--unsafe-")) {
                out.add(a + ": an unsafe mode, planted on purpose; a violation is the expected outcome");
            } else if (a.equals("--quorum") || a.startsWith("--quorum=")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < kvnodeArgs.size() ? kvnodeArgs.get(i + 1) : "";
                try {
                    int q = Integer.parseInt(v.trim());
                    if (q < majority) out.add(a + (a.contains("=") ? "" : " " + v) + ": a quorum of " + q + " is below a majority of "
                            + nodes + " nodes (" + majority + "); acknowledged writes can be lost");
                } catch (NumberFormatException e) {
                    // not a number: kvnode itself refuses it
                }
            }
        }
        return out;
    }
}
