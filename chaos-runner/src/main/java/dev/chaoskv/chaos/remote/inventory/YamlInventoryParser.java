package dev.chaoskv.chaos.remote.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ansible's YAML inventory format: top-level groups (usually just {@code all}), each a mapping
 * of optional {@code hosts} (name -> vars or null), {@code vars} and {@code children} (name ->
 * group). Pure.
 */
final class YamlInventoryParser {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlInventoryParser() {
    }

    static RawInventory parse(String text, String source) throws InventoryException {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new InventoryException(source + ": not valid YAML: " + firstLine(e.getMessage()), e);
        }
        RawInventory inv = new RawInventory();
        if (root == null || root.isMissingNode() || root.isNull()) return inv;
        if (!root.isObject()) throw new InventoryException(source + ": the top level must be a mapping of groups (e.g. all:)");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            group(inv, e.getKey(), e.getValue(), source);
        }
        return inv;
    }

    private static void group(RawInventory inv, String name, JsonNode body, String source) throws InventoryException {
        RawInventory.Group g = inv.group(name);
        if (body == null || body.isNull()) return;
        if (!body.isObject()) throw new InventoryException(source + ": group " + name + " must be a mapping with hosts, vars or children");
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "hosts" -> {
                    if (v.isNull()) break;
                    if (!v.isObject()) throw new InventoryException(source + ": " + name + ".hosts must be a mapping of host names");
                    for (Iterator<Map.Entry<String, JsonNode>> h = v.fields(); h.hasNext(); ) {
                        Map.Entry<String, JsonNode> host = h.next();
                        inv.addHost(name, host.getKey(), vars(host.getValue(), source, "host " + host.getKey()));
                    }
                }
                case "vars" -> g.vars.putAll(vars(v, source, "group " + name));
                case "children" -> {
                    if (v.isNull()) break;
                    if (!v.isObject()) throw new InventoryException(source + ": " + name + ".children must be a mapping of group names");
                    for (Iterator<Map.Entry<String, JsonNode>> c = v.fields(); c.hasNext(); ) {
                        Map.Entry<String, JsonNode> child = c.next();
                        if (child.getKey().equals(name)) throw new InventoryException(source + ": group " + name + " cannot be its own child");
                        g.children.add(child.getKey());
                        group(inv, child.getKey(), child.getValue(), source);
                    }
                }
                default -> throw new InventoryException(source + ": group " + name + " has '" + e.getKey()
                        + "'; a group holds only hosts, vars and children");
            }
        }
    }

    /** A mapping of variables, values kept as plain Java (String, Number, Boolean, List, Map). */
    static Map<String, Object> vars(JsonNode node, String source, String owner) throws InventoryException {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw new InventoryException(source + ": the variables of " + owner + " must be a mapping");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = YAML.convertValue(node, LinkedHashMap.class);
        return m;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
