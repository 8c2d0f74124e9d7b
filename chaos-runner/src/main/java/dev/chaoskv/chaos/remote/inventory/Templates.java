package dev.chaoskv.chaos.remote.inventory;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of Jinja that inventories use for the runner's variables: {@code {{ name }}},
 * {@code {{ name | default(value) }}} and {@code | int} / {@code | string}. Anything else is
 * refused by name, so that the runner never acts on a path or port it guessed. Pure.
 */
final class Templates {
    private static final Pattern EXPR = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DEFAULT = Pattern.compile("default\\((.*)\\)");
    private static final int MAX_DEPTH = 10;

    private Templates() {
    }

    /** Renders every string in {@code value} (recursively in lists) against {@code vars}. */
    static Object render(Object value, Map<String, Object> vars, String owner) throws InventoryException {
        return render(value, vars, owner, 0);
    }

    private static Object render(Object value, Map<String, Object> vars, String owner, int depth) throws InventoryException {
        if (value instanceof java.util.List<?> list) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            for (Object o : list) out.add(render(o, vars, owner, depth));
            return out;
        }
        if (!(value instanceof String s) || !s.contains("{{")) return value;
        if (depth > MAX_DEPTH) throw new InventoryException(owner + ": variables refer to each other in a loop");
        Matcher m = EXPR.matcher(s);
        // A value that is exactly one expression keeps the type of what it names (a list stays a list).
        if (m.matches()) return evaluate(m.group(1), vars, owner, depth);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf(evaluate(m.group(1), vars, owner, depth))));
        m.appendTail(b);
        return b.toString();
    }

    private static Object evaluate(String expr, Map<String, Object> vars, String owner, int depth) throws InventoryException {
        String[] parts = expr.split("\\|");
        String name = parts[0].strip();
        if (!NAME.matcher(name).matches()) throw unsupported(expr, owner);
        Object v = vars.get(name);
        for (int i = 1; i < parts.length; i++) {
            String filter = parts[i].strip();
            Matcher d = DEFAULT.matcher(filter);
            if (d.matches()) {
                if (v == null) v = literal(d.group(1).strip(), vars, owner, depth, expr);
            } else if (filter.equals("int")) {
                if (v != null) v = Integer.parseInt(String.valueOf(v).strip());
            } else if (filter.equals("string")) {
                if (v != null) v = String.valueOf(v);
            } else {
                throw unsupported(expr, owner);
            }
        }
        if (v == null) throw new InventoryException(owner + ": '{{ " + expr + " }}' names " + name + ", which is not set for this host");
        return render(v, vars, owner, depth + 1);
    }

    private static Object literal(String s, Map<String, Object> vars, String owner, int depth, String expr)
            throws InventoryException {
        if (s.length() >= 2 && (s.startsWith("'") || s.startsWith("\"")) && s.endsWith(s.substring(0, 1))) {
            return s.substring(1, s.length() - 1);
        }
        if (s.matches("-?\\d+")) return Integer.parseInt(s);
        if (s.equals("true") || s.equals("True")) return true;
        if (s.equals("false") || s.equals("False")) return false;
        if (NAME.matcher(s).matches()) {
            Object v = vars.get(s);
            if (v == null) throw new InventoryException(owner + ": '{{ " + expr + " }}' falls back to " + s + ", which is not set");
            return render(v, vars, owner, depth + 1);
        }
        throw unsupported(expr, owner);
    }

    private static InventoryException unsupported(String expr, String owner) {
        return new InventoryException(owner + ": the runner cannot evaluate '{{ " + expr
                + " }}' (it understands {{ name }}, | default(...), | int); give the variable a plain value in the inventory");
    }
}
