package dev.guanjia.channels.wechat;

import dev.guanjia.channels.login.SmsSender;
import dev.guanjia.community.resident.Bindings;
import dev.guanjia.community.resident.Residents;
import dev.guanjia.community.session.LoginCodes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds an openid to a resident inside the chat: the resident sends their phone number (or
 * "绑定 手机号"), gets a code by SMS and sends it back. Until then the agent answers general questions
 * only. Other messages pass through untouched.
 */
public final class WeChatBinding {

    private final String communityId;
    private final Residents residents;
    private final Bindings bindings;
    private final LoginCodes codes;
    private final SmsSender sms;
    private final Map<String, String> pendingPhone = new ConcurrentHashMap<>();

    public WeChatBinding(String communityId, Residents residents, Bindings bindings, LoginCodes codes, SmsSender sms) {
        this.communityId = communityId;
        this.residents = residents;
        this.bindings = bindings;
        this.codes = codes;
        this.sms = sms;
    }

    /** A reply when the message is a binding step; empty when it is for the agent. */
    public Optional<String> handle(String openid, String text) {
        if (residents.identify(communityId, "wechat_openid", openid).isPresent()) {
            return Optional.empty();
        }
        String t = text.replaceAll("\\s", "");
        var phone = java.util.regex.Pattern.compile("^(?:绑定)?(1\\d{10})$").matcher(t);
        if (phone.matches()) {
            try {
                codes.issue(communityId, phone.group(1)).ifPresent(code -> sms.send(phone.group(1),
                        "【物业管家】您正在绑定微信，验证码" + code + "，5分钟内有效。"));
            } catch (LoginCodes.TooSoon e) {
                return Optional.of(e.getMessage());
            }
            pendingPhone.put(openid, phone.group(1));
            return Optional.of("如果该手机号已在本小区登记，验证码已发送，请直接回复6位验证码完成绑定。");
        }
        String pending = pendingPhone.get(openid);
        if (pending != null && t.matches("^\\d{6}$")) {
            Optional<String> resident = codes.verify(communityId, pending, t);
            if (resident.isEmpty()) {
                return Optional.of("验证码不正确或已过期，请重新发送手机号获取。");
            }
            bindings.bind(communityId, resident.get(), "wechat_openid", openid);
            pendingPhone.remove(openid);
            return Optional.of("绑定成功！现在可以查询账单、报修和查看工单进度了。");
        }
        return Optional.empty();
    }

    public void unbind(String openid) {
        pendingPhone.remove(openid);
        bindings.unbind(communityId, "wechat_openid", openid);
    }
}
