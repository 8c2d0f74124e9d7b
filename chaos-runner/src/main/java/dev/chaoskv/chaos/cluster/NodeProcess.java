package dev.chaoskv.chaos.cluster;

/** What the runner knows of one node: its plan and, while it runs, its process. */
public final class NodeProcess {
    private final String id;
    private final int port;
    private final String clientAddress;
    private volatile Process process;
    private volatile boolean paused;

    NodeProcess(String id, int port, String clientAddress) {
        this.id = id;
        this.port = port;
        this.clientAddress = clientAddress;
    }

    public String id() {
        return id;
    }

    /** The node's own port (the sampler and final-state collector talk to it directly). */
    public int port() {
        return port;
    }

    /** "127.0.0.1:port" of its client proxy (what load generators use). */
    public String clientAddress() {
        return clientAddress;
    }

    public Process process() {
        return process;
    }

    void process(Process p) {
        this.process = p;
    }

    public boolean running() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    public boolean paused() {
        return paused;
    }

    void paused(boolean b) {
        paused = b;
    }
}
