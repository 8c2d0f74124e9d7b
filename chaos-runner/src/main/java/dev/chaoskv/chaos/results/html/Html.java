package dev.chaoskv.chaos.results.html;

import java.util.Locale;

/** The page shell shared by report.html, index.html and compare.html: escaping, CSS, the optional script. */
public final class Html {
    static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1000px;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}h3{font-size:1em;margin:1.2em 0 .3em}
            table{border-collapse:collapse;margin:.5em 0;max-width:100%}td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top;overflow-wrap:break-word}
            th{background:#f4f4f4;overflow-wrap:normal;white-space:nowrap}td.num,th.num{text-align:right;white-space:nowrap}
            .valid{color:#1a7f1a}.invalid{color:#c62828}.unknown,.missing{color:#c77700}.skipped{color:#777}
            .verdict{font-size:1.4em;font-weight:bold}
            .banner{background:#c62828;color:#fff;padding:.6em 1em;margin:.8em 0;font-weight:bold;border-radius:4px}
            .warn{background:#fff4e0;border-left:4px solid #c77700;padding:.5em 1em;margin:.8em 0}
            .note{color:#555;font-size:.9em}
            code,pre,.cmd{font-family:ui-monospace,monospace;font-size:.9em}
            pre,.cmd{background:#f6f6f6;padding:.5em .8em;white-space:pre-wrap;overflow-wrap:anywhere;margin:.4em 0}
            .sentence{white-space:normal;overflow-wrap:anywhere}
            svg.chart{display:block;max-width:100%;height:auto;margin:.3em 0}
            svg text{font-size:11px;fill:#333}
            .legend span{margin-right:1.2em;font-size:.9em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
            #readout{position:fixed;right:1em;bottom:1em;background:#fffffff0;border:1px solid #aaa;padding:.3em .6em;font-size:.85em;display:none}
            input.filter{padding:.3em;margin:.5em 0;width:20em}
            """;

    private Html() {
    }

    /** The document up to the body's first element. */
    public static StringBuilder open(String title) {
        StringBuilder b = new StringBuilder(256 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
                .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        return b;
    }

    public static String close(String script) {
        return (script == null || script.isEmpty() ? "" : "<script>\n" + script + "\n</script>\n") + "</body></html>\n";
    }

    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** "valid", "invalid", "unknown", "missing" as a CSS class. */
    public static String verdictClass(String verdict) {
        return switch (verdict == null ? "missing" : verdict) {
            case "valid", "invalid", "unknown", "skipped" -> verdict;
            default -> "missing";
        };
    }

    public static String verdictSpan(String verdict) {
        return "<span class=\"" + verdictClass(verdict) + "\">" + esc(verdict == null ? "missing" : verdict.toUpperCase(Locale.ROOT)) + "</span>";
    }

    /** One decimal, as SVG coordinates need no more. */
    static String f1(double v) {
        long r = Math.round(v * 10);
        return (r % 10 == 0) ? Long.toString(r / 10) : (r < 0 && r > -10 ? "-0." + (-r) : (r / 10) + "." + Math.abs(r % 10));
    }
}
