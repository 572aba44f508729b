package dev.guanjia.payments.merchant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The merchant account's settings (the {@code payments:} section of the configuration). The
 * platform's key is either the WeChat Pay public key ({@code publicKeyId} + {@code publicKeyPath},
 * every merchant since late 2024) or the platform certificate ({@code platformCertificatePath}), or
 * both while WeChat Pay switches a merchant over. {@code apiHost} empty: WeChat Pay's own host.
 */
public record MerchantSettings(String appId, String mchId, String apiV3Key, String merchantSerial,
                               String privateKeyPath, String publicKeyId, String publicKeyPath,
                               String platformCertificatePath, String notifyUrl, String refundNotifyUrl,
                               String apiHost) {

    public static final String DEFAULT_API_HOST = "https://api.mch.weixin.qq.com";

    /** What is missing or wrong, one English sentence each; empty when the settings can be used. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (blank(appId)) {
            missing.add("app_id");
        }
        if (blank(mchId)) {
            missing.add("mch_id");
        }
        if (blank(apiV3Key)) {
            missing.add("api_v3_key");
        }
        if (blank(merchantSerial)) {
            missing.add("merchant_serial");
        }
        if (blank(privateKeyPath)) {
            missing.add("private_key_path");
        }
        if (blank(notifyUrl)) {
            missing.add("notify_url");
        }
        if (blank(refundNotifyUrl)) {
            missing.add("refund_notify_url");
        }
        boolean publicKey = !blank(publicKeyId) || !blank(publicKeyPath);
        if (publicKey && blank(publicKeyId)) {
            missing.add("public_key_id");
        }
        if (publicKey && blank(publicKeyPath)) {
            missing.add("public_key_path");
        }
        if (!publicKey && blank(platformCertificatePath)) {
            missing.add("public_key_id and public_key_path (or platform_certificate_path)");
        }
        if (!missing.isEmpty()) {
            out.add("payments: the WeChat Pay settings are incomplete; set " + String.join(", ", missing)
                    + " (or remove the payments section to turn payment off)");
        }
        if (!blank(apiV3Key) && apiV3Key.length() != 32) {
            out.add("payments.api_v3_key must be the 32-character APIv3 key set in the merchant platform");
        }
        if (!blank(mchId) && !mchId.matches("\\d{8,12}")) {
            out.add("payments.mch_id must be the merchant number (digits), not " + mchId);
        }
        for (String[] f : new String[][]{{"private_key_path", privateKeyPath}, {"public_key_path", publicKeyPath},
                {"platform_certificate_path", platformCertificatePath}}) {
            if (!blank(f[1]) && !Files.isReadable(Path.of(f[1]))) {
                out.add("payments." + f[0] + ": cannot read " + f[1]);
            }
        }
        for (String[] f : new String[][]{{"notify_url", notifyUrl}, {"refund_notify_url", refundNotifyUrl}}) {
            if (!blank(f[1]) && !f[1].startsWith("https://")) {
                out.add("payments." + f[0] + " must be an https:// address WeChat Pay can reach, not " + f[1]);
            }
        }
        return out;
    }

    /** Throws with every problem when the settings cannot be used. */
    public MerchantSettings requireComplete() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        return this;
    }

    public String apiHostOrDefault() {
        return blank(apiHost) ? DEFAULT_API_HOST : apiHost;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
