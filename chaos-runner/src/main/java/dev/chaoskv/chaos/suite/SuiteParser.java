package dev.chaoskv.chaos.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.chaos.run.RunConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a suite file (docs/chaos-runner.md, "Suites") and expands it into runs, validating every
 * run's arguments with {@code chaos run}'s own rules before anything starts. Every error names
 * the file, the line and the field.
 */
public final class SuiteParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern FLAG = Pattern.compile("--([a-z][a-z-]*)");
    private static final Set<String> TOP = Set.of("name", "description", "defaults", "runs");
    /** Suite fields that are not a {@code chaos run} flag of the same name. */
    private static final Map<String, String> LIST_FIELDS = Map.of("kvnode-args", "kvnode-arg", "node-jvm-opts", "node-jvm-opt");
    /** Run flags the suite sets itself. */
    private static final Map<String, String> OWNED = Map.of(
            "seed", "use 'seeds' (a count, 1..N, or a list)",
            "name", "is the entry's own name",
            "results-dir", "is given to 'chaos suite' (--results-dir), for every run",
            "dry-run", "is given to 'chaos suite' (--dry-run)",
            "quiet", "is always on in a suite",
            "help", "is not a run setting",
            "version", "is not a run setting",
            "inventory", "is given to 'chaos suite' (--inventory), for every run",
            "kvnode-arg", "write 'kvnode-args' (a list)",
            "node-jvm-opt", "write 'node-jvm-opts' (a list)");

    private final RunArguments run;

    public SuiteParser(RunArguments run) {
        this.run = run;
    }

    /**
     * @param extraArgs appended to every run's arguments (e.g. {@code --inventory FILE})
     */
    public Suite parse(Path file, List<String> extraArgs) throws SuiteFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SuiteFileException(file, 0, null, "cannot read it: " + e.getMessage());
        }
        LocatedYaml doc;
        try {
            doc = LocatedYaml.parse(text);
        } catch (LocatedYaml.SyntaxException e) {
            throw new SuiteFileException(file, e.line, null, e.getMessage());
        }
        return new Reading(file, doc, extraArgs).suite();
    }

    /** One file being read: where errors point. */
    private final class Reading {
        final Path file;
        final LocatedYaml doc;
        final List<String> extraArgs;

        Reading(Path file, LocatedYaml doc, List<String> extraArgs) {
            this.file = file;
            this.doc = doc;
            this.extraArgs = extraArgs;
        }

        SuiteFileException error(String path, String what) {
            return new SuiteFileException(file, doc.lineOf(path), field(path), what);
        }

        Suite suite() throws SuiteFileException {
            JsonNode root = doc.root();
            if (!root.isObject()) throw error("", "a suite file is a mapping with 'runs' (a list of entries); see docs/chaos-runner.md");
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!TOP.contains(f)) throw error("/" + f, "unknown field (a suite has name, description, defaults and runs)");
            }
            String name = baseName(file);
            if (root.has("name")) name = text("/name", root.get("name"));
            if (!NAME.matcher(name).matches()) throw error("/name", "may only hold letters, digits, '.', '_' and '-', not '" + name + "'");
            Map<String, Field> defaults = new LinkedHashMap<>();
            if (root.has("defaults")) {
                JsonNode d = root.get("defaults");
                if (!d.isObject()) throw error("/defaults", "must be a mapping of run settings");
                defaults = fields("/defaults", d);
            }
            JsonNode runs = root.get("runs");
            if (runs == null) throw error("", "no 'runs': a suite needs a list of entries");
            if (!runs.isArray() || runs.isEmpty()) throw error("/runs", "must be a non-empty list of entries");
            List<Suite.Run> out = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < runs.size(); i++) {
                String path = "/runs/" + i;
                JsonNode e = runs.get(i);
                if (!e.isObject()) throw error(path, "an entry is a mapping (name, seeds, workload, nemesis, ...)");
                if (!e.has("name")) throw error(path, "the entry has no 'name'");
                String entry = text(path + "/name", e.get("name"));
                if (!NAME.matcher(entry).matches()) throw error(path + "/name", "may only hold letters, digits, '.', '_' and '-', not '" + entry + "'");
                if (!names.add(entry)) throw error(path + "/name", "'" + entry + "' names another entry too");
                Map<String, Field> merged = new LinkedHashMap<>(defaults);
                merged.putAll(fields(path, e));
                merged.remove("name");
                out.addAll(expand(entry, path, merged));
            }
            return new Suite(name, file, out);
        }

        /** The settings of one mapping, checked against the known fields. */
        Map<String, Field> fields(String path, JsonNode o) throws SuiteFileException {
            Map<String, Field> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = f.getKey();
                String at = path + "/" + key;
                if (key.equals("name") && !path.startsWith("/runs")) throw error(at, "a default cannot name the entries");
                if (OWNED.containsKey(key) && !key.equals("name")) throw error(at, "not allowed here: it " + OWNED.get(key));
                boolean known = key.equals("name") || key.equals("seeds") || key.equals("expect")
                        || LIST_FIELDS.containsKey(key) || run.optionNames().contains(key);
                if (!known) throw error(at, "unknown field; the fields are name, seeds, expect, kvnode-args, node-jvm-opts and"
                        + " the 'chaos run' flags without '--' (see 'chaos run --help')");
                out.put(key, new Field(at, f.getValue()));
            }
            return out;
        }

        List<Suite.Run> expand(String entry, String path, Map<String, Field> f) throws SuiteFileException {
            Field seedsField = f.remove("seeds");
            if (seedsField == null) throw error(path, "the entry has no 'seeds' (a count N for seeds 1..N, or a list of seeds)");
            List<Long> seeds = seeds(seedsField);
            Suite.Expect expect = Suite.Expect.VALID;
            Field ex = f.remove("expect");
            if (ex != null) {
                String v = text(ex.path, ex.value);
                expect = switch (v) {
                    case "valid" -> Suite.Expect.VALID;
                    case "invalid" -> Suite.Expect.INVALID;
                    default -> throw error(ex.path, "must be valid or invalid (a control run that must be caught), not '" + v + "'");
                };
            }
            List<String> common = new ArrayList<>();
            Map<String, String> pathOfFlag = new LinkedHashMap<>();
            for (Map.Entry<String, Field> e : f.entrySet()) {
                String key = e.getKey();
                Field v = e.getValue();
                if (LIST_FIELDS.containsKey(key)) {
                    String flag = LIST_FIELDS.get(key);
                    pathOfFlag.put(flag, v.path);
                    for (String item : list(v)) common.add("--" + flag + "=" + item);
                } else {
                    pathOfFlag.put(key, v.path);
                    if (v.value.isBoolean()) {
                        if (v.value.asBoolean()) common.add("--" + key);
                    } else if (v.value.isArray()) {
                        common.add("--" + key + "=" + String.join(",", list(v)));
                    } else {
                        common.add("--" + key + "=" + text(v.path, v.value));
                    }
                }
            }
            List<Suite.Run> out = new ArrayList<>();
            for (long seed : seeds) {
                String runName = entry + "-s" + seed;
                List<String> args = new ArrayList<>(common);
                args.addAll(List.of("--seed", Long.toString(seed), "--name", runName));
                args.addAll(extraArgs);
                RunConfig cfg;
                try {
                    cfg = run.toConfig(args);
                } catch (IllegalArgumentException e) {
                    throw error(blame(e.getMessage(), pathOfFlag, path), e.getMessage());
                }
                out.add(new Suite.Run(entry, doc.lineOf(path), seed, expect, runName, args, cfg.load().timeLimit().toMillis()));
            }
            return out;
        }

        List<Long> seeds(Field f) throws SuiteFileException {
            JsonNode v = f.value;
            if (v.isIntegralNumber()) {
                long n = v.asLong();
                if (n < 1 || n > 1000) throw error(f.path, "a count of seeds is 1 to 1000, not " + n);
                List<Long> out = new ArrayList<>();
                for (long s = 1; s <= n; s++) out.add(s);
                return out;
            }
            if (v.isArray() && !v.isEmpty()) {
                List<Long> out = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) {
                    if (!v.get(i).isIntegralNumber()) throw error(f.path + "/" + i, "a seed is a whole number, not '" + v.get(i).asText() + "'");
                    if (out.contains(v.get(i).asLong())) throw error(f.path + "/" + i, "seed " + v.get(i).asLong() + " is listed twice");
                    out.add(v.get(i).asLong());
                }
                return out;
            }
            throw error(f.path, "must be a count N (seeds 1..N) or a non-empty list of seeds, not '" + v.asText() + "'");
        }

        List<String> list(Field f) throws SuiteFileException {
            List<String> out = new ArrayList<>();
            if (f.value.isArray()) {
                for (int i = 0; i < f.value.size(); i++) out.add(text(f.path + "/" + i, f.value.get(i)));
            } else {
                out.add(text(f.path, f.value));
            }
            return out;
        }

        String text(String path, JsonNode v) throws SuiteFileException {
            if (v == null || !v.isValueNode() || v.isNull()) throw error(path, "must be a single value");
            return v.asText();
        }
    }

    /** A field's value and where it is. */
    private record Field(String path, JsonNode value) {
    }

    /** The path of the field a {@code chaos run} error is about: the first flag it names, else the entry. */
    private static String blame(String message, Map<String, String> pathOfFlag, String entryPath) {
        Matcher m = FLAG.matcher(message == null ? "" : message);
        while (m.find()) {
            String p = pathOfFlag.get(m.group(1));
            if (p != null) return p;
        }
        return entryPath;
    }

    /** "/runs/2/nemesis" -> "runs[2].nemesis". */
    static String field(String path) {
        if (path.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            if (part.matches("\\d+")) b.append('[').append(part).append(']');
            else b.append(b.length() == 0 ? "" : ".").append(part);
        }
        return b.toString();
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        return n.replaceFirst("\\.ya?ml$", "");
    }
}
