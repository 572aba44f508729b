package dev.guanjia.payments.merchant;

import com.github.binarywang.wxpay.bean.notify.SignatureHeader;
import com.github.binarywang.wxpay.bean.notify.WxPayNotifyV3Result;
import com.github.binarywang.wxpay.bean.notify.WxPayRefundNotifyV3Result;
import com.github.binarywang.wxpay.bean.request.WxPayApplyTradeBillV3Request;
import com.github.binarywang.wxpay.bean.request.WxPayRefundV3Request;
import com.github.binarywang.wxpay.bean.request.WxPayUnifiedOrderV3Request;
import com.github.binarywang.wxpay.bean.result.WxPayApplyBillV3Result;
import com.github.binarywang.wxpay.bean.result.WxPayOrderQueryV3Result;
import com.github.binarywang.wxpay.bean.result.WxPayRefundV3Result;
import com.github.binarywang.wxpay.bean.result.WxPayUnifiedOrderV3Result;
import com.github.binarywang.wxpay.bean.result.enums.TradeTypeEnum;
import com.github.binarywang.wxpay.config.WxPayConfig;
import com.github.binarywang.wxpay.exception.WxPayException;
import com.github.binarywang.wxpay.service.WxPayService;
import com.github.binarywang.wxpay.service.impl.WxPayServiceImpl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merchant account over WxJava's {@link WxPayService} (APIv3). WxJava signs requests, verifies
 * answers and decrypts notifies; this class adds what it leaves out for notifies (see the notes on
 * WeChat Pay): all four headers required, the timestamp within 5 minutes of now, the serial one of
 * ours, WeChat's signature probes refused — each checked before WxJava sees the body.
 */
public final class WxPayMerchant implements Merchant {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    // WxJava logs every request and answer at INFO, openids included: keep that out of the service log
    private static final java.util.logging.Logger WXJAVA = quiet();

    private final MerchantSettings settings;
    private final WxPayService pay;
    private final Map<String, PublicKey> platformKeys;
    private final Clock clock;

    public WxPayMerchant(MerchantSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public WxPayMerchant(MerchantSettings settings, Clock clock) {
        this.settings = settings.requireComplete();
        this.clock = clock;
        WxPayConfig c = new WxPayConfig();
        c.setAppId(settings.appId());
        c.setMchId(settings.mchId());
        c.setApiV3Key(settings.apiV3Key());
        c.setPrivateKeyPath(settings.privateKeyPath());
        // set explicitly: WxJava leaves it empty when no merchant certificate is given (WxJava #3757)
        c.setCertSerialNo(settings.merchantSerial());
        c.setNotifyUrl(settings.notifyUrl());
        c.setApiHostUrl(settings.apiHostOrDefault());
        boolean publicKey = !MerchantSettings.blank(settings.publicKeyId());
        if (publicKey) {
            c.setPublicKeyId(settings.publicKeyId());
            c.setPublicKeyPath(settings.publicKeyPath());
        }
        // Only the public key: no certificate download. With a platform certificate too, WxJava's default
        // mode keeps both (WeChat Pay's switch-over sends notifies signed either way until it completes).
        c.setFullPublicKeyModel(publicKey && MerchantSettings.blank(settings.platformCertificatePath()));
        WxPayServiceImpl service = new WxPayServiceImpl();
        service.setConfig(c);
        this.pay = service;
        this.platformKeys = platformKeys(settings);
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("com.github.binarywang.wxpay");
        l.setLevel(java.util.logging.Level.WARNING);
        return l;
    }

    private static Map<String, PublicKey> platformKeys(MerchantSettings s) {
        try {
            java.util.HashMap<String, PublicKey> keys = new java.util.HashMap<>();
            if (!MerchantSettings.blank(s.publicKeyId())) {
                String pem = Files.readString(Path.of(s.publicKeyPath()), StandardCharsets.US_ASCII)
                        .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                keys.put(s.publicKeyId(), KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem))));
            }
            if (!MerchantSettings.blank(s.platformCertificatePath())) {
                try (InputStream in = Files.newInputStream(Path.of(s.platformCertificatePath()))) {
                    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(in);
                    keys.put(cert.getSerialNumber().toString(16).toUpperCase(), cert.getPublicKey());
                }
            }
            return Map.copyOf(keys);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("payments: cannot read the WeChat Pay platform key: " + e.getMessage(), e);
        }
    }

    @Override
    public String mchId() {
        return settings.mchId();
    }

    @Override
    public String appId() {
        return settings.appId();
    }

    private WxPayUnifiedOrderV3Request request(OrderRequest o) {
        WxPayUnifiedOrderV3Request r = new WxPayUnifiedOrderV3Request()
                .setOutTradeNo(o.outTradeNo())
                .setDescription(o.description())
                .setTimeExpire(RFC3339.format(o.expiresAt().withOffsetSameInstant(BEIJING)))
                .setNotifyUrl(settings.notifyUrl())
                .setAmount(new WxPayUnifiedOrderV3Request.Amount().setTotal(Math.toIntExact(o.amountFen())));
        if (o.openid() != null) {
            r.setPayer(new WxPayUnifiedOrderV3Request.Payer().setOpenid(o.openid()));
        }
        return r;
    }

    @Override
    public JsapiPayment createJsapi(OrderRequest order) throws MerchantException {
        if (order.openid() == null) {
            throw new IllegalArgumentException("a JSAPI order needs the payer's openid");
        }
        try {
            WxPayUnifiedOrderV3Result.JsapiResult r = pay.createOrderV3(TradeTypeEnum.JSAPI, request(order));
            String pkg = r.getPackageValue();
            return new JsapiPayment(pkg.startsWith("prepay_id=") ? pkg.substring(10) : pkg, r.getAppId(),
                    r.getTimeStamp(), r.getNonceStr(), pkg, r.getSignType(), r.getPaySign());
        } catch (WxPayException e) {
            throw failed("create a JSAPI order", e);
        }
    }

    @Override
    public String createNative(OrderRequest order) throws MerchantException {
        try {
            return pay.createOrderV3(TradeTypeEnum.NATIVE, request(order).setPayer(null));
        } catch (WxPayException e) {
            throw failed("create a Native order", e);
        }
    }

    @Override
    public Optional<Transaction> query(String outTradeNo) throws MerchantException {
        try {
            WxPayOrderQueryV3Result r = pay.queryOrderV3(null, outTradeNo);
            return Optional.of(new Transaction(r.getAppid(), r.getMchid(), r.getOutTradeNo(), r.getTransactionId(),
                    r.getTradeState(), r.getAmount() == null || r.getAmount().getTotal() == null ? 0 : r.getAmount().getTotal(),
                    r.getAmount() == null || r.getAmount().getPayerTotal() == null ? 0 : r.getAmount().getPayerTotal(),
                    r.getPayer() == null ? null : r.getPayer().getOpenid(), time(r.getSuccessTime())));
        } catch (WxPayException e) {
            if ("ORDER_NOT_EXIST".equals(e.getErrCode())) {
                return Optional.empty();
            }
            throw failed("query order " + outTradeNo, e);
        }
    }

    @Override
    public void close(String outTradeNo) throws MerchantException {
        try {
            pay.closeOrderV3(outTradeNo);
        } catch (WxPayException e) {
            throw failed("close order " + outTradeNo, e);
        }
    }

    @Override
    public Refund refund(RefundRequest refund) throws MerchantException {
        WxPayRefundV3Request r = new WxPayRefundV3Request()
                .setOutTradeNo(refund.outTradeNo())
                .setOutRefundNo(refund.outRefundNo())
                .setReason(refund.reason())
                .setNotifyUrl(settings.refundNotifyUrl())
                .setAmount(new WxPayRefundV3Request.Amount().setRefund(Math.toIntExact(refund.refundFen()))
                        .setTotal(Math.toIntExact(refund.totalFen())).setCurrency("CNY"));
        try {
            WxPayRefundV3Result a = pay.refundV3(r);
            return new Refund(a.getOutTradeNo(), a.getOutRefundNo(), a.getRefundId(), a.getStatus(),
                    a.getAmount() == null ? refund.refundFen() : a.getAmount().getRefund());
        } catch (WxPayException e) {
            throw failed("refund " + refund.outRefundNo(), e);
        }
    }

    @Override
    public InputStream tradeBill(LocalDate day) throws MerchantException {
        WxPayApplyTradeBillV3Request r = new WxPayApplyTradeBillV3Request();
        r.setBillDate(day.toString());
        r.setBillType("ALL");
        try {
            WxPayApplyBillV3Result bill = pay.applyTradeBill(r);
            byte[] file;
            try (InputStream in = pay.downloadBill(bill.getDownloadUrl())) {
                file = in.readAllBytes();
            }
            // the download is not signed: its SHA-1 against the (signed) hash_value is all that vouches for it
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file));
            if (!sha1.equalsIgnoreCase(bill.getHashValue())) {
                throw new MerchantException("HASH_MISMATCH", "the trade bill of " + day
                        + " does not match its hash_value (got SHA-1 " + sha1 + ")", null);
            }
            return new ByteArrayInputStream(file);
        } catch (WxPayException e) {
            throw failed("download the trade bill of " + day, e);
        } catch (IOException | GeneralSecurityException e) {
            throw new MerchantException(null, "cannot download the trade bill of " + day + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PaymentNotice paymentNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
        SignatureHeader h = verified(rawBody, headers);
        try {
            WxPayNotifyV3Result n = pay.parseOrderNotifyV3Result(rawBody, h);
            WxPayNotifyV3Result.DecryptNotifyResult r = n.getResult();
            return new PaymentNotice(n.getRawData().getId(), n.getRawData().getEventType(),
                    new Transaction(r.getAppid(), r.getMchid(), r.getOutTradeNo(), r.getTransactionId(),
                            r.getTradeState(), r.getAmount() == null ? 0 : nz(r.getAmount().getTotal()),
                            r.getAmount() == null ? 0 : nz(r.getAmount().getPayerTotal()),
                            r.getPayer() == null ? null : r.getPayer().getOpenid(), time(r.getSuccessTime())));
        } catch (WxPayException | RuntimeException e) {
            throw new NotifyRefused("the payment notify cannot be read: " + reason(e), e);
        }
    }

    @Override
    public RefundNotice refundNotice(String rawBody, NotifyHeaders headers) throws NotifyRefused {
        SignatureHeader h = verified(rawBody, headers);
        try {
            WxPayRefundNotifyV3Result n = pay.parseRefundNotifyV3Result(rawBody, h);
            WxPayRefundNotifyV3Result.DecryptNotifyResult r = n.getResult();
            if (!settings.mchId().equals(r.getMchid())) {
                throw new NotifyRefused("the refund notify is for merchant " + r.getMchid() + ", not ours", null);
            }
            return new RefundNotice(n.getRawData().getId(), n.getRawData().getEventType(),
                    new Refund(r.getOutTradeNo(), r.getOutRefundNo(), r.getRefundId(), r.getRefundStatus(),
                            r.getAmount() == null ? 0 : nz(r.getAmount().getRefund())));
        } catch (WxPayException | RuntimeException e) {
            throw new NotifyRefused("the refund notify cannot be read: " + reason(e), e);
        }
    }

    /**
     * What WxJava does not check: a notify without all four headers (WxJava would skip verification),
     * a stale or future timestamp (a replay), an unknown serial, a signature probe; then the signature
     * itself with the key the serial names.
     */
    private SignatureHeader verified(String rawBody, NotifyHeaders h) throws NotifyRefused {
        List<String> missing = new ArrayList<>();
        if (h == null || MerchantSettings.blank(h.timestamp())) {
            missing.add("Wechatpay-Timestamp");
        }
        if (h == null || MerchantSettings.blank(h.nonce())) {
            missing.add("Wechatpay-Nonce");
        }
        if (h == null || MerchantSettings.blank(h.signature())) {
            missing.add("Wechatpay-Signature");
        }
        if (h == null || MerchantSettings.blank(h.serial())) {
            missing.add("Wechatpay-Serial");
        }
        if (!missing.isEmpty()) {
            throw new NotifyRefused("notify without " + String.join(", ", missing), null);
        }
        if (rawBody == null || rawBody.isEmpty()) {
            throw new NotifyRefused("notify without a body", null);
        }
        if (h.signature().startsWith("WECHATPAY/SIGNTEST/")) {
            throw new NotifyRefused("a WeChat Pay signature probe (WECHATPAY/SIGNTEST), refused as it must be", null);
        }
        long ts;
        try {
            ts = Long.parseLong(h.timestamp().strip());
        } catch (NumberFormatException e) {
            throw new NotifyRefused("notify timestamp is not a number: " + h.timestamp(), e);
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(ts), clock.instant()).abs();
        if (skew.compareTo(MAX_SKEW) > 0) {
            throw new NotifyRefused("notify timestamp is " + skew.toSeconds() + " s from now (at most "
                    + MAX_SKEW.toSeconds() + " s): a replay or a wrong clock", null);
        }
        PublicKey key = platformKeys.get(h.serial());
        if (key == null) {
            throw new NotifyRefused("notify signed with unknown serial " + h.serial(), null);
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((h.timestamp() + "\n" + h.nonce() + "\n" + rawBody + "\n").getBytes(StandardCharsets.UTF_8));
            if (!s.verify(Base64.getDecoder().decode(h.signature()))) {
                throw new NotifyRefused("notify signature does not verify", null);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new NotifyRefused("notify signature does not verify: " + e.getMessage(), e);
        }
        return new SignatureHeader(h.timestamp(), h.nonce(), h.signature(), h.serial());
    }

    private static MerchantException failed(String what, WxPayException e) {
        return new MerchantException(e.getErrCode(), "WeChat Pay: cannot " + what + ": " + reason(e), e);
    }

    private static String reason(Exception e) {
        if (e instanceof WxPayException w) {
            String m = w.getErrCodeDes() != null ? w.getErrCode() + " " + w.getErrCodeDes()
                    : w.getCustomErrorMsg() != null ? w.getCustomErrorMsg() : w.getMessage();
            if (m == null && w.getCause() != null) {
                m = w.getCause().getMessage();
            }
            return m == null ? "no reason given" : m;
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static long nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static OffsetDateTime time(String s) {
        return s == null || s.isBlank() ? null : OffsetDateTime.parse(s);
    }
}
