package dev.guanjia.channels.wechat;

/**
 * One official account (公众号) serving one community, or several (a property company's one account
 * for all its estates).
 *
 * @param communityId the community it serves, or the first of several: its callback is /wechat/{communityId}/callback
 * @param communities every community it serves, {@code communityId} first
 * @param aesKey  the 43-character EncodingAESKey (safe mode); null for plain mode only
 * @param apiHost where the WeChat API is reached; null for WeChat itself (tests point it at a fake)
 * @param passiveWaitMillis how long to wait for the answer before acknowledging with "success" and
 *                          sending the answer as a customer-service message (WeChat allows 5 s)
 * @param noticeTemplateId  template message used for notices outside the 48-hour window; null: none
 * @param noticeTemplateField the template's field that carries the notice text (e.g. thing1)
 */
public record WeChatAccount(String communityId, String appId, String secret, String token, String aesKey,
                            String apiHost, long passiveWaitMillis, String noticeTemplateId,
                            String noticeTemplateField, java.util.List<String> communities) {

    public WeChatAccount {
        communities = java.util.List.copyOf(communities);
    }
}
