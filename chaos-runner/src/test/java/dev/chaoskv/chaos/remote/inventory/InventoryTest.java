package dev.chaoskv.chaos.remote.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InventoryTest {

    private static final String INI = """
            # nightly cluster
            [kvnodes]
            n1 ansible_host=198.18.0.2 kvnode_port=9101
            n2 ansible_host=198.18.0.3 ansible_port=2222 kvnode_home="/srv/kv node"   # quoted
            n3

            [kvnodes:vars]
            ansible_user=chaos
            kvnode_port=9001
            ansible_become=yes

            [dc:children]
            kvnodes

            [dc:vars]
            ansible_user=ops
            datacenter=east
            """;

    @Test
    void iniGroupsChildrenHostVarsAndGroupVarsMergeAsAnsibleDoes() throws Exception {
        Inventory inv = Inventory.parse(INI, "hosts.ini");
        assertEquals(List.of("n1", "n2", "n3"), inv.hosts());
        assertEquals(List.of("n1", "n2", "n3"), inv.hostsOf("dc"));
        assertEquals(List.of("n1", "n2", "n3"), inv.hostsOf("all"));
        Map<String, Object> n1 = inv.vars("n1");
        assertEquals("198.18.0.2", n1.get("ansible_host"));
        assertEquals("9101", n1.get("kvnode_port"), "a host variable beats its group's");
        assertEquals("chaos", n1.get("ansible_user"), "the child group (kvnodes) beats its parent (dc)");
        assertEquals("east", n1.get("datacenter"), "a parent group's variable reaches the child's hosts");
        assertEquals("/srv/kv node", inv.vars("n2").get("kvnode_home"));
        assertEquals("9001", inv.vars("n3").get("kvnode_port"));
        assertEquals(List.of("dc", "kvnodes"), n1.get("group_names"));
    }

    @Test
    void yamlInventoryWithChildrenAndTypedValues() throws Exception {
        String yaml = """
                all:
                  vars:
                    ansible_user: root
                  children:
                    kvnodes:
                      vars:
                        kvnode_extra_args: ["--heartbeat-ms", "50"]
                      hosts:
                        n1:
                          ansible_host: 198.18.0.2
                          kvnode_port: 9101
                        n2:
                          ansible_host: 198.18.0.3
                          ansible_ssh_private_key_file: ~/.ssh/id_ed25519
                    control:
                      hosts:
                        ctl:
                """;
        Inventory inv = Inventory.parse(yaml, "hosts.yml");
        assertEquals(List.of("n1", "n2", "ctl"), inv.hosts());
        assertEquals(List.of("n1", "n2"), inv.hostsOf("kvnodes"));
        List<RemoteHost> hosts = KvnodeHosts.of(inv);
        assertEquals(2, hosts.size());
        RemoteHost n1 = hosts.get(0);
        assertEquals("198.18.0.2", n1.address());
        assertEquals(22, n1.sshPort());
        assertEquals("root", n1.user());
        assertTrue(n1.root());
        assertEquals("198.18.0.2:9101", n1.node().toString());
        assertEquals(List.of("--heartbeat-ms", "50"), n1.extraArgs());
        assertEquals("/opt/kvnode/bin/kvnodectl", n1.kvnodectl());
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh/id_ed25519"), hosts.get(1).keyFile().orElseThrow());
        assertEquals(9001, hosts.get(1).node().port());
    }

    @Test
    void groupVarsAndHostVarsFilesBeatTheInventoryFile(@TempDir Path dir) throws Exception {
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, """
                [kvnodes]
                n1 ansible_host=198.18.0.2 kvnode_port=9101
                n2 ansible_host=198.18.0.3
                [kvnodes:vars]
                kvnode_home=/from/ini
                """);
        Files.createDirectories(dir.resolve("group_vars/all"));
        Files.writeString(dir.resolve("group_vars/all/main.yml"), "ansible_user: tester\nkvnode_home: /from/all\n");
        Files.writeString(dir.resolve("group_vars/kvnodes.yml"), "kvnode_home: /srv/{{ inventory_hostname }}\n");
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("host_vars/n1.yml"), "kvnode_port: 9201\n");
        Inventory loaded = Inventory.load(inv);
        List<RemoteHost> hosts = KvnodeHosts.of(loaded);
        assertEquals("tester", hosts.get(0).user());
        assertEquals("/srv/n1", hosts.get(0).home(), "group_vars/kvnodes beats the INI's [kvnodes:vars], templated per host");
        assertEquals("/srv/n2", hosts.get(1).home());
        assertEquals(9201, hosts.get(0).node().port(), "host_vars beats the inline host variable");
    }

    @Test
    void templatesWithDefaultsAndLoopsRefusedByName() throws Exception {
        Inventory inv = Inventory.parse("""
                [kvnodes]
                a kvnode_home="/t/{{ base | default('x') }}/{{ inventory_hostname }}" kvnode_port="{{ p | default(9300) }}"
                """, "i.ini");
        RemoteHost a = KvnodeHosts.of(inv).get(0);
        assertEquals("/t/x/a", a.home());
        assertEquals(9300, a.node().port());
        InventoryException loop = assertThrows(InventoryException.class,
                () -> Inventory.parse("[kvnodes]\na x={{y}} y={{x}}\n", "i.ini"));
        assertTrue(loop.getMessage().contains("loop"), loop.getMessage());
        InventoryException filter = assertThrows(InventoryException.class,
                () -> Inventory.parse("[kvnodes]\na x='{{ y | upper }}' y=1\n", "i.ini"));
        assertTrue(filter.getMessage().contains("host a, variable x") && filter.getMessage().contains("plain value"), filter.getMessage());
    }

    @Test
    void badInputIsNamed() {
        assertMessage("i.ini:2: section header '[kvnodes' has no closing ']'", "# x\n[kvnodes\n", "i.ini");
        assertMessage("i.ini:2: expected name=value after the host name, got 'oops'", "[kvnodes]\nn1 oops\n", "i.ini");
        assertMessage("i.ini:2: host ranges such as 'web[1:3]' are not supported; list each host", "[kvnodes]\nweb[1:3]\n", "i.ini");
        assertMessage("i.yml: group all has 'hostz'; a group holds only hosts, vars and children", "all:\n  hostz: {}\n", "i.yml");
        assertMessage("i.ini: host n1: kvnode_port is 'abc', expected a port number", "[kvnodes]\nn1 kvnode_port=abc\n", "i.ini");
        assertMessage("i.ini: host n1: ansible_become is 'maybe', expected true or false", "[kvnodes]\nn1 ansible_become=maybe\n", "i.ini");
        assertMessage("i.ini: no group kvnodes; put the kvnode hosts in a group named kvnodes (or set kvnode_group)", "[web]\nn1\n", "i.ini");
        assertMessage("i.ini: host n2: node id n1 is used twice", "[kvnodes]\nn1\nn2 kvnode_id=n1\n", "i.ini");
        assertMessage("i.ini: groups form a loop: a -> b -> a", "[a:children]\nb\n[b:children]\na\n", "i.ini");
    }

    @Test
    void kvnodeGroupVariableChoosesTheClusterGroup() throws Exception {
        Inventory inv = Inventory.parse("[db]\nx\ny\n[all:vars]\nkvnode_group=db\n", "i.ini");
        assertEquals(List.of("x", "y"), KvnodeHosts.of(inv).stream().map(RemoteHost::nodeId).toList());
    }

    private static void assertMessage(String expected, String text, String source) {
        InventoryException e = assertThrows(InventoryException.class, () -> KvnodeHosts.of(Inventory.parse(text, source)));
        assertEquals(expected, e.getMessage());
    }
}
