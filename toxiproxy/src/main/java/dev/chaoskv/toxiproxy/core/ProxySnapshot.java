package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.toxics.ToxicSpec;
import java.util.List;

/** A proxy as it was at one moment, read under its lock so that the fields agree. */
public record ProxySnapshot(String name, String listen, String upstream, boolean enabled, List<ToxicSpec> toxics) {
}
