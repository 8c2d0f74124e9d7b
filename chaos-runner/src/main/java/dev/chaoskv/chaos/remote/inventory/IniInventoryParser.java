package dev.chaoskv.chaos.remote.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's INI inventory format: {@code [group]} sections of host lines ({@code name k=v ...}),
 * {@code [group:vars]} sections of {@code k=v} lines and {@code [group:children]} sections of
 * group names. Host ranges ({@code web[1:3]}) are not supported and refused by name. Pure.
 */
final class IniInventoryParser {
    private IniInventoryParser() {
    }

    static RawInventory parse(String text, String source) throws InventoryException {
        RawInventory inv = new RawInventory();
        String group = RawInventory.UNGROUPED;
        String kind = "hosts";
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = source + ":" + (i + 1);
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) throw new InventoryException(where + ": section header '" + line + "' has no closing ']'");
                String header = line.substring(1, line.length() - 1).strip();
                int colon = header.indexOf(':');
                group = colon < 0 ? header : header.substring(0, colon);
                kind = colon < 0 ? "hosts" : header.substring(colon + 1);
                if (!List.of("hosts", "vars", "children").contains(kind)) {
                    throw new InventoryException(where + ": unknown section kind ':" + kind + "' (use :vars or :children)");
                }
                if (!group.matches("[A-Za-z0-9_.-]+")) throw new InventoryException(where + ": '" + group + "' is not a group name");
                inv.group(group);
                continue;
            }
            switch (kind) {
                case "hosts" -> {
                    List<String> words = words(line, where);
                    String host = words.get(0);
                    if (host.contains("[") && host.contains(":")) {
                        throw new InventoryException(where + ": host ranges such as '" + host + "' are not supported; list each host");
                    }
                    inv.addHost(group, host, assignments(words.subList(1, words.size()), where));
                }
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) throw new InventoryException(where + ": expected name=value in [" + group + ":vars], got '" + line + "'");
                    inv.group(group).vars.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
                }
                default -> {
                    if (line.equals(group)) throw new InventoryException(where + ": group " + group + " cannot be its own child");
                    inv.group(line);
                    inv.group(group).children.add(line);
                }
            }
        }
        return inv;
    }

    /** An INI comment starts a line with '#' or ';', or follows whitespace with " #". */
    private static String stripComment(String line) {
        String t = line.stripLeading();
        if (t.startsWith("#") || t.startsWith(";")) return "";
        boolean single = false, dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && i > 0 && Character.isWhitespace(line.charAt(i - 1))) return line.substring(0, i);
        }
        return line;
    }

    /** Splits on whitespace outside quotes; quotes stay (removed per value). */
    private static List<String> words(String line, String where) throws InventoryException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) throw new InventoryException(where + ": unterminated quote " + quote);
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private static Map<String, Object> assignments(List<String> words, String where) throws InventoryException {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) throw new InventoryException(where + ": expected name=value after the host name, got '" + w + "'");
            vars.put(w.substring(0, eq), unquote(w.substring(eq + 1)));
        }
        return vars;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
