package dev.guanjia.voice.sip;

/** A datagram that is not a SIP message we can act on; answered with 400 when possible, else dropped. */
public final class SipParseException extends Exception {

    public SipParseException(String message) {
        super(message);
    }
}
