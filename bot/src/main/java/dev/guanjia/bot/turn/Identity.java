package dev.guanjia.bot.turn;

/**
 * Who is talking as the channel verified it: kind "wechat_openid", "phone" or "anonymous", and the
 * value. The model never sees or sets this.
 */
public record Identity(String channel, String kind, String value) {

    public static Identity anonymous(String channel) {
        return new Identity(channel, "anonymous", null);
    }
}
