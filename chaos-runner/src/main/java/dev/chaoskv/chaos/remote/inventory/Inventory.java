package dev.chaoskv.chaos.remote.inventory;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An Ansible inventory, INI or YAML, with every host's variables merged the way Ansible merges
 * them: group variables from the least to the most specific group (children over parents, then
 * by name), the inventory's own group variables under {@code group_vars/} files next to it, host
 * variables over group variables, {@code host_vars/} files last. The parsing and merging are pure;
 * only {@link #load} reads files.
 */
public final class Inventory {
    private final String source;
    private final Map<String, Map<String, Object>> hostVars;
    private final Map<String, Set<String>> groupHosts;

    private Inventory(String source, Map<String, Map<String, Object>> hostVars, Map<String, Set<String>> groupHosts) {
        this.source = source;
        this.hostVars = hostVars;
        this.groupHosts = groupHosts;
    }

    /** Reads an inventory file (YAML if it ends in .yml/.yaml or starts like YAML, INI otherwise) and its group_vars/host_vars. */
    public static Inventory load(Path file) throws InventoryException {
        if (Files.isDirectory(file)) {
            throw new InventoryException(file + " is a directory; give the inventory file (e.g. " + file.resolve("hosts.yml") + ")");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InventoryException("cannot read the inventory " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), kind -> readVarsDir(dir.resolve(kind.dir()), kind));
    }

    /** Where group_vars and host_vars files come from (a directory next to the inventory; none in tests). */
    @FunctionalInterface
    interface VarFiles {
        Map<String, Map<String, Object>> read(VarKind kind) throws InventoryException;
    }

    enum VarKind {
        GROUP("group_vars"), HOST("host_vars");
        private final String dir;

        VarKind(String dir) {
            this.dir = dir;
        }

        String dir() {
            return dir;
        }
    }

    /** Parses inventory text; {@code source} names it in messages. */
    static Inventory parse(String text, String source, VarFiles files) throws InventoryException {
        RawInventory raw = looksLikeYaml(source, text) ? YamlInventoryParser.parse(text, source) : IniInventoryParser.parse(text, source);
        return merge(raw, source, files.read(VarKind.GROUP), files.read(VarKind.HOST));
    }

    static Inventory parse(String text, String source) throws InventoryException {
        return parse(text, source, kind -> Map.of());
    }

    private static boolean looksLikeYaml(String source, String text) {
        String s = source.toLowerCase(java.util.Locale.ROOT);
        if (s.endsWith(".yml") || s.endsWith(".yaml")) return true;
        if (s.endsWith(".ini")) return false;
        for (String line : text.lines().toList()) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            return t.equals("---") || t.matches("[A-Za-z0-9_.-]+:\\s*(#.*)?");
        }
        return false;
    }

    private static Inventory merge(RawInventory raw, String source, Map<String, Map<String, Object>> groupFiles,
                                   Map<String, Map<String, Object>> hostFiles) throws InventoryException {
        // Every group that is nobody's child is a child of "all"; every host in no group is in "ungrouped".
        for (String g : List.copyOf(raw.groups.keySet())) depths(raw, g, 0, new HashMap<>(), new LinkedHashSet<>(), source);
        Set<String> isChild = new LinkedHashSet<>();
        raw.groups.values().forEach(g -> isChild.addAll(g.children));
        for (RawInventory.Group g : raw.groups.values()) {
            if (!g.name.equals(RawInventory.ALL) && !isChild.contains(g.name)) raw.group(RawInventory.ALL).children.add(g.name);
        }
        Map<String, Integer> depth = new HashMap<>();
        depths(raw, RawInventory.ALL, 0, depth, new LinkedHashSet<>(), source);
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (String g : raw.groups.keySet()) members.put(g, hostsOf(raw, g, new LinkedHashSet<>()));
        members.get(RawInventory.ALL).addAll(raw.hostVars.keySet());

        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        for (String host : raw.hostVars.keySet()) {
            List<String> groups = new ArrayList<>(raw.groups.keySet().stream()
                    .filter(g -> members.get(g).contains(host)).toList());
            groups.sort(Comparator.comparingInt((String g) -> depth.getOrDefault(g, 0)).thenComparing(g -> g));
            Map<String, Object> vars = new LinkedHashMap<>();
            for (String g : groups) vars.putAll(raw.groups.get(g).vars);
            for (String g : groups) vars.putAll(groupFiles.getOrDefault(g, Map.of()));
            vars.putAll(raw.hostVars.get(host));
            vars.putAll(hostFiles.getOrDefault(host, Map.of()));
            vars.put("inventory_hostname", host);
            vars.put("group_names", groups.stream().filter(g -> !g.equals(RawInventory.ALL)).toList());
            Map<String, Object> rendered = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : vars.entrySet()) {
                rendered.put(e.getKey(), Templates.render(e.getValue(), vars, source + ": host " + host + ", variable " + e.getKey()));
            }
            merged.put(host, rendered);
        }
        Map<String, Set<String>> groupHosts = new LinkedHashMap<>();
        members.forEach((g, hs) -> groupHosts.put(g, Set.copyOf(hs)));
        return new Inventory(source, merged, groupHosts);
    }

    private static void depths(RawInventory raw, String group, int d, Map<String, Integer> depth, Set<String> path, String source)
            throws InventoryException {
        if (!path.add(group)) throw new InventoryException(source + ": groups form a loop: " + String.join(" -> ", path) + " -> " + group);
        depth.merge(group, d, Math::max);
        for (String child : raw.group(group).children) depths(raw, child, d + 1, depth, path, source);
        path.remove(group);
    }

    private static Set<String> hostsOf(RawInventory raw, String group, Set<String> seen) {
        Set<String> out = new LinkedHashSet<>();
        if (!seen.add(group)) return out;
        RawInventory.Group g = raw.groups.get(group);
        if (g == null) return out;
        out.addAll(g.hosts);
        for (String child : g.children) out.addAll(hostsOf(raw, child, seen));
        return out;
    }

    /** group_vars/NAME(.yml|.yaml|.json| no extension) or group_vars/NAME/ (every file in it). */
    private static Map<String, Map<String, Object>> readVarsDir(Path dir, VarKind kind) throws InventoryException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new InventoryException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".")) continue;
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(p)) {
                    files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
                } catch (IOException e) {
                    throw new InventoryException("cannot list " + p + ": " + e.getMessage(), e);
                }
                for (Path f : files) out.computeIfAbsent(name, k -> new LinkedHashMap<>()).putAll(readVarsFile(f));
            } else {
                String base = name.replaceFirst("\\.(ya?ml|json)$", "");
                out.computeIfAbsent(base, k -> new LinkedHashMap<>()).putAll(readVarsFile(p));
            }
        }
        return out;
    }

    private static Map<String, Object> readVarsFile(Path f) throws InventoryException {
        JsonNode node;
        try {
            node = YamlInventoryParser.YAML.readTree(Files.readString(f));
        } catch (IOException e) {
            throw new InventoryException(f + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return YamlInventoryParser.vars(node, f.toString(), "the file");
    }

    /** The inventory file as given. */
    public String source() {
        return source;
    }

    /** Every host, in the order the inventory first names them. */
    public List<String> hosts() {
        return List.copyOf(hostVars.keySet());
    }

    /** The hosts of a group (and of its child groups), in inventory order; empty if there is no such group. */
    public List<String> hostsOf(String group) {
        Set<String> members = groupHosts.getOrDefault(group, Set.of());
        return hostVars.keySet().stream().filter(members::contains).toList();
    }

    public boolean hasGroup(String group) {
        return groupHosts.containsKey(group);
    }

    /** A host's merged variables (rendered), with inventory_hostname and group_names. */
    public Map<String, Object> vars(String host) {
        Map<String, Object> v = hostVars.get(host);
        if (v == null) throw new IllegalArgumentException("no host " + host + " in " + source);
        return java.util.Collections.unmodifiableMap(v);
    }
}
