package dev.guanjia.desk.conversation;

import java.time.OffsetDateTime;

/** One stored message of a conversation. */
public record Message(long id, OffsetDateTime at, String direction, String author, String kind, String body,
                      String payload, String channelMessageId) {
}
