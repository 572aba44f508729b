package dev.guanjia.desk.conversation;

import java.util.UUID;

/**
 * Where the desk tells of a question the bot could not answer (an abstention of the knowledge search,
 * a hand-off after two misses, a resident's 👎), so staff can write the missing article. The desk's
 * {@code unanswered} store implements it; recording never fails a turn.
 */
public interface KnowledgeGaps {

    /** What made the question unanswered. */
    enum Kind { ABSTAINED, HANDOFF, THUMBS_DOWN }

    /**
     * @param answerId the stored message of the bot's answer, or null when none was stored
     * @param question the resident's words
     * @param answer   what the bot said to them
     */
    void record(String communityId, UUID conversation, Long answerId, Kind kind, String question, String answer);

    KnowledgeGaps NONE = (communityId, conversation, answerId, kind, question, answer) -> { };
}
