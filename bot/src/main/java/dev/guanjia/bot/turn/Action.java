package dev.guanjia.bot.turn;

import java.util.Map;

/** Something the turn did, for the channel to render and for eval to check: type plus details. */
public record Action(String type, Map<String, Object> details) {
}
