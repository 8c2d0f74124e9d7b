package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.RunAnalysis;
import dev.chaoskv.chaos.results.data.FaultWindows;
import dev.chaoskv.chaos.results.data.Recovery;
import dev.chaoskv.chaos.results.data.Ticks;
import dev.chaoskv.chaos.results.data.Unavailability;

/** The fault table (kind, targets, start, end, recovery), faults that failed or were skipped, and the unavailability windows. */
final class FaultSection {
    private FaultSection() {
    }

    static void render(StringBuilder b, RunAnalysis a) {
        FaultWindows.Faults faults = a.faults();
        b.append("<h2>Faults and recovery</h2>\n<p class=\"note\">Recovery: from the fault's end until a whole second with ok throughput "
                + "and p99 latency back within 20 % of their level in the (up to 5) fault-free seconds before it; one-second resolution.</p>\n");
        if (faults.windows().isEmpty()) {
            b.append("<p>No fault was injected.</p>\n");
        } else {
            b.append("<table><tr><th>#</th><th>fault</th><th>targets</th><th class=\"num\">start</th><th class=\"num\">end</th><th>recovery</th></tr>\n");
            int i = 1;
            for (Recovery.Result r : a.recovery()) {
                FaultWindows.Window w = r.window();
                b.append("<tr><td class=\"num\">").append(i++).append("</td><td>").append(Html.esc(w.kind())).append("</td><td>")
                        .append(Html.esc(w.targets())).append("</td><td class=\"num\">").append(Ticks.seconds(w.start() / 1e9)).append("</td><td class=\"num\">")
                        .append(w.end() < 0 ? "final heal" : Ticks.seconds(w.end() / 1e9)).append("</td><td>")
                        .append(r.recovered() ? Ticks.seconds(r.seconds()) : "<b>" + Html.esc(r.note()) + "</b>");
                if (!w.problems().isEmpty()) b.append("<br><span class=\"invalid\">undo failed: ").append(Html.esc(String.join("; ", w.problems()))).append("</span>");
                b.append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        for (String e : faults.errors()) b.append("<p class=\"invalid sentence\">Fault could not be applied: ").append(Html.esc(e)).append("</p>\n");
        for (String s : faults.skipped()) b.append("<p class=\"sentence\">Skipped: ").append(Html.esc(s)).append("</p>\n");
        if (faults.heal() < 0) b.append("<p class=\"unknown\">No final heal event in the history (the run did not finish normally).</p>\n");
        else if (!faults.healProblems().isEmpty()) {
            b.append("<p class=\"invalid\"><b>The final heal failed:</b></p><ul>");
            for (String p : faults.healProblems()) b.append("<li class=\"sentence\">").append(Html.esc(p)).append("</li>");
            b.append("</ul>\n");
        }
        b.append("<h3>Unavailability: no operation completed ok for at least 1 s</h3>\n");
        if (a.unavailable().isEmpty()) {
            b.append("<p>None.</p>\n");
        } else {
            b.append("<table><tr><th class=\"num\">from</th><th class=\"num\">to</th><th class=\"num\">length</th></tr>\n");
            for (Unavailability.Gap g : a.unavailable()) {
                b.append("<tr><td class=\"num\">").append(Ticks.seconds(g.start() / 1e9)).append("</td><td class=\"num\">").append(Ticks.seconds(g.end() / 1e9))
                        .append("</td><td class=\"num\">").append(Ticks.seconds(g.nanos() / 1e9)).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
    }
}
