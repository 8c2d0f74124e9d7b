package dev.chaoskv.toxiproxy.toxics;

/**
 * A configured toxic. Immutable: an update makes a new spec, and links notice the change by
 * identity. {@code streamText} is echoed back exactly as it was sent.
 */
public record ToxicSpec(String name, StreamDirection stream, String streamText, float toxicity, Toxic toxic) {

    public ToxicSpec with(float newToxicity, Toxic newToxic) {
        return new ToxicSpec(name, stream, streamText, newToxicity, newToxic);
    }
}
