package dev.guanjia.voice.call;

/** What a call flow can do to the line, whatever carries it (AudioSocket, SIP/RTP). */
public interface CallLine {

    /** Queues 8 kHz audio to be sent in real time, 20 ms a frame. */
    void play(short[] pcm);

    /** Drops what is queued: the caller spoke or pressed a key (barge-in). */
    void stopPlayback();

    /** Milliseconds of audio still queued. */
    long queuedMillis();

    /** Hands the call to a person (the PBX's transfer extension), ending our part of it. */
    void transfer();

    void hangUp();
}
