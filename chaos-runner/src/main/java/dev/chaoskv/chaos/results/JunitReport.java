package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * junit.xml: JUnit's XML report format, which CI systems show natively. A run is a test suite
 * with one test case per check; a failed check's failure carries the checker's sentences.
 * {@code chaos suite} writes one case per suite entry with the same {@link #render}.
 */
public final class JunitReport {
    public static final String FILE = "junit.xml";
    /** Sentences a failure message carries at most (the counts say how many more there are). */
    static final int MAX_SENTENCES = 50;

    public enum Result { PASSED, FAILED, ERROR, SKIPPED }

    /**
     * One test case.
     *
     * @param message one line (the failure's "message" attribute)
     * @param details the body: the checker's sentences, one per line
     */
    public record Case(String className, String name, double seconds, Result result, String message, String details) {
    }

    private JunitReport() {
    }

    /** Writes junit.xml of a run folder, from its verdict.json (a case "verdict" in error when it is missing). */
    public static void writeForRun(RunFolder f) throws IOException {
        write(f.dir().resolve(FILE), "chaos." + f.name(), casesOf(f.verdict(), "chaos." + f.name()));
    }

    public static void write(Path file, String suiteName, List<Case> cases) throws IOException {
        Files.writeString(file, render(suiteName, cases), StandardCharsets.UTF_8);
    }

    /** A case per check of verdict.json (null: one error case saying the verdict is missing). */
    public static List<Case> casesOf(JsonNode verdict, String className) {
        List<Case> cases = new ArrayList<>();
        if (verdict == null) {
            cases.add(new Case(className, "verdict", 0, Result.ERROR, "verdict.json is missing or unreadable: the run was not checked", ""));
            return cases;
        }
        double seconds = verdict.path("elapsedMillis").asDouble() / 1000;
        for (Iterator<Map.Entry<String, JsonNode>> it = verdict.path("checks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            String valid = RunSummary.validity(c.path("valid"));
            List<String> sentences = sentences(c);
            Result r = switch (valid) {
                case "valid" -> Result.PASSED;
                case "invalid" -> Result.FAILED;
                case "skipped" -> Result.SKIPPED;
                default -> Result.ERROR;
            };
            String message = switch (r) {
                case PASSED -> "";
                case SKIPPED -> c.path("note").asText("skipped");
                case FAILED -> e.getKey() + " violated" + (sentences.isEmpty() ? "" : ": " + sentences.get(0));
                case ERROR -> e.getKey() + " " + valid + (sentences.isEmpty() ? "" : ": " + sentences.get(0));
            };
            cases.add(new Case(className, e.getKey(), e.getKey().equals("linearizability") ? c.path("elapsedMillis").asDouble() / 1000 : 0,
                    r, message, String.join("\n", sentences)));
        }
        if (cases.isEmpty()) cases.add(new Case(className, "verdict", seconds, Result.ERROR, "verdict.json lists no checks", ""));
        return cases;
    }

    /** The checker's sentences for one check: findings, mismatches, violations, unknown keys. */
    static List<String> sentences(JsonNode check) {
        List<String> out = new ArrayList<>();
        for (String list : List.of("findings", "mismatches", "violations")) {
            for (JsonNode f : check.path(list)) if (out.size() < MAX_SENTENCES) out.add(f.path("explanation").asText());
        }
        for (JsonNode u : check.path("unknownKeys")) {
            if (out.size() < MAX_SENTENCES) out.add("key " + u.path("key").asText() + " unknown: " + u.path("reason").asText());
        }
        return out;
    }

    public static String render(String suiteName, List<Case> cases) {
        long failures = cases.stream().filter(c -> c.result() == Result.FAILED).count();
        long errors = cases.stream().filter(c -> c.result() == Result.ERROR).count();
        long skipped = cases.stream().filter(c -> c.result() == Result.SKIPPED).count();
        double time = cases.stream().mapToDouble(Case::seconds).sum();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append(String.format(Locale.ROOT, "<testsuites tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                cases.size(), failures, errors, skipped, time));
        b.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                attr(suiteName), cases.size(), failures, errors, skipped, time));
        for (Case c : cases) {
            b.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", attr(c.className()), attr(c.name()), c.seconds()));
            String tag = switch (c.result()) {
                case PASSED -> null;
                case FAILED -> "failure";
                case ERROR -> "error";
                case SKIPPED -> "skipped";
            };
            if (tag == null) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n      <").append(tag).append(" message=\"").append(attr(c.message())).append('"');
            if (c.details() == null || c.details().isEmpty()) {
                b.append("/>\n");
            } else {
                b.append(">").append(text(c.details())).append("</").append(tag).append(">\n");
            }
            b.append("    </testcase>\n");
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    private static String text(String s) {
        return clean(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return text(s == null ? "" : s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** XML 1.0 cannot carry most control characters, not even escaped. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp > 0xFFFF) b.appendCodePoint(cp);
            else b.append('?');
        });
        return b.toString();
    }
}
