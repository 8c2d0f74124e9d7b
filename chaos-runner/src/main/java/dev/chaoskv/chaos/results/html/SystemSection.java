package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.RunAnalysis;
import dev.chaoskv.chaos.results.RunFolder;
import dev.chaoskv.chaos.results.data.NodeEvents;

import java.util.List;

/** What happened to the system: node starts, exits on their own (with the last lines of the log), kills, nodes unreachable after heal. */
final class SystemSection {
    private SystemSection() {
    }

    static void render(StringBuilder b, RunAnalysis a) {
        RunFolder f = a.folder();
        b.append("<h2>Nodes</h2>\n");
        List<NodeEvents.Starts> starts = NodeEvents.starts(f.nodeLogs());
        if (!starts.isEmpty()) {
            b.append("<p>");
            for (NodeEvents.Starts s : starts) {
                b.append("<a href=\"nodes/").append(Html.esc(s.node())).append("/node.log\">").append(Html.esc(s.node())).append("</a> started ")
                        .append(s.starts()).append(s.starts() == 1 ? " time" : " times").append(". &nbsp; ");
            }
            b.append("</p>\n");
        }
        List<NodeEvents.Event> events = NodeEvents.of(f.nodeLogs(), f.ledger(), f.finalState());
        long exits = events.stream().filter(e -> !e.kind().equals("killed")).count();
        if (events.isEmpty()) {
            b.append("<p>No node crashed, exited on its own, was killed or was unreachable after heal.</p>\n");
            return;
        }
        if (exits > 0) b.append("<div class=\"banner\">").append(exits).append(" node exit(s) or failure(s) not caused by the nemesis: see below.</div>\n");
        for (NodeEvents.Event e : events) {
            boolean bad = !e.kind().equals("killed");
            b.append("<h3").append(bad ? " class=\"invalid\"" : "").append(">").append(Html.esc(e.node())).append(": ").append(Html.esc(e.what()))
                    .append("</h3>\n");
            if (!e.when().isEmpty()) b.append("<p class=\"note\">at ").append(Html.esc(e.when())).append("</p>\n");
            if (!e.lastLines().isEmpty()) {
                b.append("<details").append(bad ? " open" : "").append("><summary>last ").append(e.lastLines().size())
                        .append(" lines of its log</summary><pre>");
                for (String l : e.lastLines()) b.append(Html.esc(l)).append('\n');
                b.append("</pre></details>\n");
            }
        }
    }
}
