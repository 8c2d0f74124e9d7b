package dev.chaoskv.chaos.remote.inventory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An inventory as written, before any variable is merged: groups with their hosts, child groups
 * and variables, and each host's own variables. Both the INI and the YAML parser fill one.
 */
final class RawInventory {
    static final String ALL = "all", UNGROUPED = "ungrouped";

    /** One group: its direct hosts, its child groups and its variables, in file order. */
    static final class Group {
        final String name;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Map<String, Object> vars = new LinkedHashMap<>();

        Group(String name) {
            this.name = name;
        }
    }

    final Map<String, Group> groups = new LinkedHashMap<>();
    /** Host name -> its inline variables, in the order hosts first appear. */
    final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();

    RawInventory() {
        group(ALL);
        group(UNGROUPED);
    }

    Group group(String name) {
        return groups.computeIfAbsent(name, Group::new);
    }

    void addHost(String group, String host, Map<String, Object> vars) {
        group(group).hosts.add(host);
        hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
    }
}
