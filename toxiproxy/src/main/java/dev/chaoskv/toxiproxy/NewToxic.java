package dev.chaoskv.toxiproxy;

/** A request to add a toxic, defaults applied. {@code streamText} is echoed back as it was sent. */
record NewToxic(String name, ToxicType type, StreamDirection stream, String streamText, float toxicity,
        GivenAttributes attributes) {
}
