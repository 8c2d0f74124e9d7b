package dev.chaoskv.chaos.results.html;

import dev.chaoskv.chaos.results.RunComparison;
import dev.chaoskv.chaos.results.data.Comparison;

/** compare.html: two runs' key figures side by side, regressions in red, figures that cannot be compared said so. */
public final class ComparePage {
    private ComparePage() {
    }

    /** @param linkA, linkB the runs' report.html, relative to where the page is written */
    public static String render(RunComparison c, String linkA, String linkB) {
        StringBuilder b = Html.open("compare " + c.a().run() + " with " + c.b().run());
        b.append("<h1>Comparison</h1>\n<table><tr><th></th><th>run</th><th>name</th><th>workload</th><th>verdict</th></tr>\n");
        row(b, "A", c.a().run(), c.a().name(), c.a().workload(), c.a().verdict(), linkA);
        row(b, "B", c.b().run(), c.b().name(), c.b().workload(), c.b().verdict(), linkB);
        b.append("</table>\n<p class=\"").append(c.regressed() ? "invalid" : "valid").append("\"><b>")
                .append(c.regressed() ? "Regression beyond " : "No regression beyond ").append(Html.esc(RunComparison.percent(c.threshold())))
                .append("</b> (a figure worse by more than that relative to A, and by more than its noise floor; or a verdict no longer valid).</p>\n");
        b.append("<table><tr><th>figure</th><th class=\"num\">A</th><th class=\"num\">B</th><th class=\"num\">change</th><th></th></tr>\n");
        b.append("<tr><td>verdict</td><td class=\"num\">").append(Html.verdictSpan(c.a().verdict())).append("</td><td class=\"num\">")
                .append(Html.verdictSpan(c.b().verdict())).append("</td><td></td><td>").append(c.verdictRegression() ? "<b class=\"invalid\">regression</b>" : "")
                .append("</td></tr>\n");
        for (Comparison.Row r : c.rows()) {
            b.append("<tr><td>").append(Html.esc(r.figure().name())).append("</td><td class=\"num\">")
                    .append(Html.esc(RunComparison.value(r.figure().a(), r.figure().unit()))).append("</td><td class=\"num\">")
                    .append(Html.esc(RunComparison.value(r.figure().b(), r.figure().unit()))).append("</td><td class=\"num\">")
                    .append(Html.esc(RunComparison.change(r))).append("</td><td class=\"sentence\">")
                    .append(r.regression() ? "<b class=\"invalid\">regression</b> " : "")
                    .append(r.note().isEmpty() ? "" : "<span class=\"unknown\">" + Html.esc(r.note()) + "</span>")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        changes(b, c);
        return b.append(Html.close(null)).toString();
    }

    private static void row(StringBuilder b, String label, String run, String name, String workload, String verdict, String link) {
        b.append("<tr><td>").append(label).append("</td><td><a href=\"").append(Html.esc(link)).append("\">").append(Html.esc(run)).append("</a></td><td>")
                .append(Html.esc(name)).append("</td><td>").append(Html.esc(workload)).append("</td><td>").append(Html.verdictSpan(verdict)).append("</td></tr>\n");
    }

    /** Each comparable figure's relative change as a bar (capped at ±100 %): red a regression, orange worse within the threshold, green better. */
    static void changes(StringBuilder b, RunComparison c) {
        java.util.List<Comparison.Row> rows = c.rows().stream().filter(r -> r.comparable() && r.relative() != null
                && r.figure().better() != Comparison.Better.NEITHER).toList();
        if (rows.isEmpty()) return;
        int left = 230, width = 960, plot = width - left - 20, lane = 18, h = 30 + rows.size() * lane;
        b.append("<h2>Changes relative to A</h2>\n<svg class=\"chart changes\" id=\"changes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(width).append(' ').append(h).append("\">\n");
        double mid = left + plot / 2.0;
        for (int pct = -100; pct <= 100; pct += 50) {
            double x = mid + plot / 2.0 * pct / 100;
            b.append("<line x1=\"").append(Html.f1(x)).append("\" x2=\"").append(Html.f1(x)).append("\" y1=\"4\" y2=\"").append(h - 18)
                    .append("\" stroke=\"").append(pct == 0 ? "#999" : "#eee").append("\"/><text x=\"").append(Html.f1(x)).append("\" y=\"").append(h - 5)
                    .append("\" text-anchor=\"middle\">").append(pct > 0 ? "+" : "").append(pct).append(" %</text>\n");
        }
        for (int i = 0; i < rows.size(); i++) {
            Comparison.Row r = rows.get(i);
            double rel = Math.max(-1, Math.min(1, r.relative()));
            boolean worse = r.figure().better() == Comparison.Better.LOWER ? rel > 0 : rel < 0;
            String color = r.regression() ? "#c62828" : worse ? "#e69a28" : "#2ca02c";
            double x0 = Math.min(mid, mid + plot / 2.0 * rel), w = Math.max(1, Math.abs(plot / 2.0 * rel));
            int y = 6 + i * lane;
            b.append("<text x=\"").append(left - 6).append("\" y=\"").append(y + 11).append("\" text-anchor=\"end\">").append(Html.esc(r.figure().name()))
                    .append("</text><rect class=\"mark\" x=\"").append(Html.f1(x0)).append("\" y=\"").append(y).append("\" width=\"").append(Html.f1(w))
                    .append("\" height=\"").append(lane - 5).append("\" fill=\"").append(color).append("\"><title>").append(Html.esc(r.figure().name() + " "
                            + RunComparison.change(r))).append("</title></rect>\n");
        }
        b.append("</svg>\n");
    }
}
