package dev.chaoskv.client.protocol;

/** A frame header claims more bytes than the limit; the stream cannot be resynchronised. */
public final class FrameTooLargeException extends ProtocolException {
    public FrameTooLargeException(long claimed, long limit) {
        super("frame claims " + claimed + " bytes but the limit is " + limit + " bytes");
    }
}
