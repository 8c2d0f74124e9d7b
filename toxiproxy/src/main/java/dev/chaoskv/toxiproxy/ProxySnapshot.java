package dev.chaoskv.toxiproxy;

import java.util.List;

/** A proxy as it was at one moment, read under its lock so that the fields agree. */
record ProxySnapshot(String name, String listen, String upstream, boolean enabled, List<ToxicSpec> toxics) {
}
