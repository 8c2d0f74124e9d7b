package dev.chaoskv.chaos.network;

import java.util.Locale;

/**
 * A fault on a link beyond a cut and latency, as Toxiproxy toxics and tc netem offer them; each
 * mechanism supports some of them (see {@link NetworkFaults#unsupported}). What the link's sender
 * sends is affected.
 */
public sealed interface LinkFault {

    /** The kinds, for asking a mechanism ahead of the run whether it can inject them. */
    enum Kind {
        BANDWIDTH, SLICER, RESET_PEER, PACKET_LOSS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    Kind kind();

    /** At most {@code rateKBps} kilobytes per second. */
    record Bandwidth(int rateKBps) implements LinkFault {
        public Kind kind() {
            return Kind.BANDWIDTH;
        }
    }

    /** Data cut into pieces of about {@code averageSize} (+/- {@code sizeVariation}) bytes, {@code delayMicros} apart. */
    record Slicer(int averageSize, int sizeVariation, int delayMicros) implements LinkFault {
        public Kind kind() {
            return Kind.SLICER;
        }
    }

    /** Connections reset (TCP RST) after {@code timeoutMs}, new ones too. */
    record ResetPeer(int timeoutMs) implements LinkFault {
        public Kind kind() {
            return Kind.RESET_PEER;
        }
    }

    /** {@code percent} % of the packets dropped at random. */
    record PacketLoss(int percent) implements LinkFault {
        public Kind kind() {
            return Kind.PACKET_LOSS;
        }
    }
}
