package dev.chaoskv.chaos.remote.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed reads of one host's variables, with messages naming the host and the variable. Pure. */
final class Vars {
    private final String host;
    private final Map<String, Object> vars;
    private final String source;

    Vars(String source, String host, Map<String, Object> vars) {
        this.source = source;
        this.host = host;
        this.vars = vars;
    }

    boolean has(String name) {
        return vars.get(name) != null;
    }

    String string(String name, String dflt) {
        Object v = vars.get(name);
        return v == null ? dflt : String.valueOf(v);
    }

    int port(String name, int dflt) throws InventoryException {
        Object v = vars.get(name);
        if (v == null) return dflt;
        int p;
        try {
            p = v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw bad(name, v, "a port number");
        }
        if (p < 1 || p > 65535) throw bad(name, v, "a port between 1 and 65535");
        return p;
    }

    /** Ansible's truthiness for strings: yes/true/on/1 and no/false/off/0, any case. */
    boolean bool(String name, boolean dflt) throws InventoryException {
        Object v = vars.get(name);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        return switch (String.valueOf(v).strip().toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1", "y" -> true;
            case "no", "false", "off", "0", "n", "" -> false;
            default -> throw bad(name, v, "true or false");
        };
    }

    /** A list given as a YAML list, or as a string: "[a, b]" (INI) or words split on spaces. */
    List<String> list(String name) {
        Object v = vars.get(name);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        String s = String.valueOf(v).strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            List<String> out = new ArrayList<>();
            for (String part : s.substring(1, s.length() - 1).split(",")) {
                String p = part.strip();
                if (p.length() >= 2 && (p.startsWith("'") || p.startsWith("\"")) && p.endsWith(p.substring(0, 1))) {
                    p = p.substring(1, p.length() - 1);
                }
                if (!p.isEmpty()) out.add(p);
            }
            return out;
        }
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }

    InventoryException bad(String name, Object value, String expected) {
        return new InventoryException(source + ": host " + host + ": " + name + " is '" + value + "', expected " + expected);
    }
}
