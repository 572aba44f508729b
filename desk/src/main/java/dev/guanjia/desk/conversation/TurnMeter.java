package dev.guanjia.desk.conversation;

/**
 * Where the desk reports each turn it answers, for the operators' figures (the app counts them in
 * its metrics); the desk itself keeps no numbers.
 */
@FunctionalInterface
public interface TurnMeter {

    /** Counts nothing: the desk in tests and tools. */
    TurnMeter NONE = (channel, nanos, outcome) -> { };

    /** How a turn ended: answered (or deliberately silent), the knowledge search abstained, handed to people. */
    enum Outcome { ANSWERED, ABSTAINED, HANDED_OFF }

    /**
     * @param channel the conversation's channel: web, wechat or voice
     * @param nanos   from taking the stored message to storing its answer
     */
    void turn(String channel, long nanos, Outcome outcome);
}
