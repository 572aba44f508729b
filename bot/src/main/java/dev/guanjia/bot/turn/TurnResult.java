package dev.guanjia.bot.turn;

import java.util.List;

/**
 * What a turn produced: the reply text, the documents it cites, the actions it took, and whether
 * the conversation now waits for a human agent.
 */
public record TurnResult(String conversationId, String reply, List<Citation> citations, List<Action> actions,
                         boolean handoff, long micros) {

    /** A knowledge document the reply quotes. */
    public record Citation(String docId, String title) {
    }
}
