package dev.chaoskv.chaos.remote.inventory;

import dev.chaoskv.common.HostPort;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One kvnode host as the runner needs it: how to reach it over SSH, and where its node and
 * {@code kvnodectl} are (the kvnode role's variables, with the role's defaults).
 *
 * @param name       inventory host name
 * @param address    what SSH dials ({@code ansible_host}, else the name)
 * @param user       {@code ansible_user}, else the control host's user
 * @param keyFile    {@code ansible_ssh_private_key_file}, if set
 * @param become     {@code ansible_become}: privileged commands go through {@code sudo -n} unless the user is root
 * @param node       where the kvnode listens for clients and peers ({@code kvnode_host}:{@code kvnode_port})
 * @param home       {@code kvnode_home}: bin/kvnodectl
 * @param dataDir    {@code kvnode_data_dir}: emptied at the start of each run
 * @param logFile    {@code kvnode_log_file}: brought home at the end
 * @param clientPort {@code kvnode_client_port}: where clients dial the node's Toxiproxy client link (toxiproxy mode)
 * @param toxiproxyApi where this host's Toxiproxy API listens, as seen from the host itself
 */
public record RemoteHost(String name, String address, int sshPort, String user, Optional<Path> keyFile, boolean become,
                         String nodeId, HostPort node, String home, String dataDir, String logFile, int clientPort,
                         List<String> extraArgs, HostPort toxiproxyApi) {
    public RemoteHost {
        extraArgs = List.copyOf(extraArgs);
    }

    public String kvnodectl() {
        return home + "/bin/kvnodectl";
    }

    /** "n1 (198.18.0.2:22)": how messages name a host. */
    public String label() {
        return name + " (" + address + (sshPort == 22 ? "" : ":" + sshPort) + ")";
    }

    public boolean root() {
        return "root".equals(user);
    }
}
