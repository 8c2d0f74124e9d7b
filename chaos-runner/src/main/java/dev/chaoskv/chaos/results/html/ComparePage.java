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
                    .append(r.regression() ? "<b class=\"invalid\">regression</b>" : r.comparable() ? "" : "<span class=\"unknown\">" + Html.esc(r.note()) + "</span>")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        return b.append(Html.close(null)).toString();
    }

    private static void row(StringBuilder b, String label, String run, String name, String workload, String verdict, String link) {
        b.append("<tr><td>").append(label).append("</td><td><a href=\"").append(Html.esc(link)).append("\">").append(Html.esc(run)).append("</a></td><td>")
                .append(Html.esc(name)).append("</td><td>").append(Html.esc(workload)).append("</td><td>").append(Html.verdictSpan(verdict)).append("</td></tr>\n");
    }
}
