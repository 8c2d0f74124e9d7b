package dev.chaoskv.chaos.results.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.chaos.results.data.Ticks;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A linearizability violation laid out in time: a lane per process, a bar from each operation's
 * invocation to its completion (to the right edge, open, when it never completed), the offending
 * operation highlighted, and the checker's sentence beside it.
 */
public final class CounterexampleChart {
    static final int WIDTH = 640, LEFT = 80, RIGHT = 16, LANE = 26, TOP = 8, BOTTOM = 26;

    private CounterexampleChart() {
    }

    /** @param violation one entry of verdict.json's linearizability.violations */
    public static String render(String id, JsonNode violation) {
        List<JsonNode> ops = new ArrayList<>();
        violation.path("window").forEach(ops::add);
        String sentence = violation.path("explanation").asText();
        StringBuilder b = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start\">\n");
        if (ops.isEmpty()) {
            return b.append("<p class=\"sentence\">").append(Html.esc(sentence)).append("</p></div>\n").toString();
        }
        int offending = offending(ops, sentence);
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (JsonNode o : ops) {
            lo = Math.min(lo, o.path("invokeTime").asLong());
            hi = Math.max(hi, o.path("completeTime").isNumber() ? o.path("completeTime").asLong() : o.path("invokeTime").asLong());
        }
        long span = Math.max(1, hi - lo);
        hi = lo + span + span / 10;
        TreeMap<Long, Integer> lanes = new TreeMap<>();
        for (JsonNode o : ops) lanes.putIfAbsent(o.path("process").asLong(), 0);
        int lane = 0;
        for (Long p : lanes.keySet()) lanes.put(p, lane++);
        int h = TOP + BOTTOM + lanes.size() * LANE, pw = WIDTH - LEFT - RIGHT;
        b.append("<svg class=\"chart counterexample\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(h).append("\" style=\"flex:0 1 auto\">\n");
        double ms = (hi - lo) / 1e6;
        for (Ticks.Tick t : Ticks.linear(ms, 4, "ms")) {
            if (t.value() > ms) break;
            double x = LEFT + pw * t.value() / ms;
            b.append("<line x1=\"").append(Html.f1(x)).append("\" x2=\"").append(Html.f1(x)).append("\" y1=\"").append(TOP).append("\" y2=\"")
                    .append(h - BOTTOM + 4).append("\" stroke=\"#eee\"/><text x=\"").append(Html.f1(x)).append("\" y=\"").append(h - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\">+").append(Html.esc(t.label())).append("</text>\n");
        }
        for (var e : lanes.entrySet()) {
            b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + e.getValue() * LANE + 16).append("\" text-anchor=\"end\">process ")
                    .append(e.getKey()).append("</text>\n");
        }
        for (int i = 0; i < ops.size(); i++) {
            JsonNode o = ops.get(i);
            long inv = o.path("invokeTime").asLong();
            boolean open = !o.path("completeTime").isNumber();
            long end = open ? hi : o.path("completeTime").asLong();
            double x0 = LEFT + pw * (inv - lo) / (double) (hi - lo), x1 = LEFT + pw * (end - lo) / (double) (hi - lo);
            int y = TOP + lanes.get(o.path("process").asLong()) * LANE + 4;
            String type = o.path("type").asText();
            String fill = switch (type) {
                case "ok" -> "#cfe8cf";
                case "fail" -> "#f4c7c7";
                default -> "#fde0b8";
            };
            boolean hit = i == offending;
            b.append("<rect class=\"mark\" x=\"").append(Html.f1(x0)).append("\" y=\"").append(y).append("\" width=\"").append(Html.f1(Math.max(2, x1 - x0)))
                    .append("\" height=\"").append(LANE - 8).append("\" rx=\"3\" fill=\"").append(fill).append("\" stroke=\"")
                    .append(hit ? "#c62828" : "#777").append("\" stroke-width=\"").append(hit ? 3 : 1).append('"')
                    .append(open ? " stroke-dasharray=\"4 3\"" : "").append("><title>").append(Html.esc(o.path("description").asText()
                            + " (" + type + ", invoked " + Ticks.seconds(inv / 1e9) + (open ? ", never completed" : ", completed " + Ticks.seconds(end / 1e9)) + ")"))
                    .append("</title></rect>\n<text x=\"").append(Html.f1(x0 + 4)).append("\" y=\"").append(y + 13).append('"')
                    .append(hit ? " style=\"font-weight:bold\"" : "").append(">").append(Html.esc(label(o))).append("</text>\n");
        }
        b.append("</svg>\n<div style=\"flex:1 1 16em\"><p class=\"sentence\">").append(Html.esc(sentence)).append("</p><p class=\"note\">")
                .append("Window starts at ").append(Html.esc(String.format(java.util.Locale.ROOT, "%.3f s", lo / 1e9)))
                .append(". Red outline: the operation the sentence is about; dashed: never completed.</p></div></div>\n");
        return b.toString();
    }

    /** "w v3", "r v2", "cas v1→v4", "del", "add v9" with the outcome when not ok. */
    static String label(JsonNode o) {
        JsonNode v = o.path("value");
        String s = switch (o.path("f").asText()) {
            case "read" -> "r " + show(v);
            case "write" -> "w " + show(v);
            case "cas" -> "cas " + show(v.path(0)) + "→" + show(v.path(1));
            case "delete" -> "del";
            default -> o.path("f").asText() + " " + show(v);
        };
        String type = o.path("type").asText();
        return "ok".equals(type) ? s : s + " (" + type + ")";
    }

    private static String show(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? "∅" : v.asText();
    }

    /** The operation the sentence begins with (the one it is about), else the last to complete. */
    static int offending(List<JsonNode> ops, String sentence) {
        int best = -1, bestAt = Integer.MAX_VALUE;
        for (int i = 0; i < ops.size(); i++) {
            String d = ops.get(i).path("description").asText();
            int at = d.isEmpty() ? -1 : sentence.indexOf(d);
            if (at >= 0 && at < bestAt) {
                best = i;
                bestAt = at;
            }
        }
        if (best >= 0) return best;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < ops.size(); i++) {
            long c = ops.get(i).path("completeTime").asLong(Long.MAX_VALUE);
            if (c >= last) {
                last = c;
                best = i;
            }
        }
        return best;
    }
}
