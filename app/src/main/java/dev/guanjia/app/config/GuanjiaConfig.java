package dev.guanjia.app.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything an operator can set. Built by {@link ConfigLoader} from guanjia.yaml and GUANJIA_*
 * environment variables; the defaults run the whole service on an embedded database.
 *
 * @param adminToken bearer token for administrative API calls; null disables them
 * @param desk       how the service desk answers residents' messages, whatever the channel
 * @param sms        the SMS gateway; null: texts go to the operator log
 * @param payments   the WeChat Pay merchant account; null: online payment is off
 * @param knowledgeImportMaxMb the largest office document the console's knowledge import reads
 * @param logFormat  text or json: how log lines are written (logging.format)
 * @param metrics    who may read {@code GET /metrics}
 * @param source     where the settings came from, for the start-up log
 */
public record GuanjiaConfig(Http http, Path dataDir, Database database, boolean loadDemo, String adminToken,
                            KnowledgeWeights knowledgeWeights, Llm llm, Desk desk, List<WeChat> wechatAccounts,
                            Security security, Voice voice, Sms sms,
                            dev.guanjia.payments.merchant.MerchantSettings payments, int knowledgeImportMaxMb,
                            String logFormat, Metrics metrics, String source) {

    /** The first (often the only) official account; null when none is configured. */
    public WeChat wechat() {
        return wechatAccounts.isEmpty() ? null : wechatAccounts.get(0);
    }

    /**
     * Who may read {@code GET /metrics} (volumes and failures, no personal data): with a token, only
     * requests bearing it; with ranges, only clients in them (the address as {@link
     * dev.guanjia.channels.proxy.ClientAddress} finds it behind trusted proxies). Either, both or
     * neither (then anyone reaching the port, as before: keep it off the internet).
     *
     * @param token bearer token a scraper must send; null: none asked
     * @param allow addresses and CIDR ranges allowed; empty: any address
     */
    public record Metrics(String token, List<String> allow) {
        public static final Metrics OPEN = new Metrics(null, List.of());
    }

    /**
     * The phone line of one community; null when none is configured. AudioSocket has no
     * authentication: listen on an address only the PBX reaches.
     */
    public record Voice(String community, String host, int port, String ttsCommand, int ttsRate,
                        int firstKeySeconds, int sipPort, String transferUri, java.nio.file.Path asrModel,
                        String sipAdvertise) {
    }

    /**
     * @param production   refuse to start without a configured data key (no generated demo key)
     * @param dataKey      base64 of a 32-byte master key for personal data; null: read the key file
     * @param dataKeyFile  key file ("id base64" per line, current first); null: data/keys/data.key
     * @param retentionDays conversations older than this are anonymised by the daily retention job
     */
    public record Security(boolean production, String dataKey, Path dataKeyFile, int retentionDays) {
    }

    /**
     * One official account and the communities it serves (its callback is /wechat/{community}/callback).
     *
     * @param community   the community it serves, or the first of several: its callback's path
     * @param communities every community it serves (a property company's one account for all its estates)
     * @param maxClockSkewSeconds callbacks whose timestamp is further than this from now are refused (replays)
     */
    public record WeChat(String community, String appId, String secret, String token, String aesKey, String apiHost,
                         long passiveWaitMillis, String noticeTemplateId, String noticeTemplateField,
                         long maxClockSkewSeconds, List<String> communities) {
    }

    /**
     * @param answerLeaseSeconds how long a node may take to answer a resident's message before another
     *                           node takes it over (its node died): web chat and WeChat alike
     * @param warmupSeconds      how long {@code serve} rehearses searches, turns and requests as it starts
     *                           (three quarters before its port opens, longer — up to twice — while the
     *                           JIT still compiles), so the first residents after a start are not
     *                           answered by cold code
     */
    public record Desk(long answerLeaseSeconds, int warmupSeconds) {
    }

    /**
     * Alibaba Cloud SMS (the only provider so far): the AccessKey, the approved signature and one
     * approved template per purpose (login_code, payment_reminder, payment_link, …).
     */
    public record Sms(String provider, String accessKeyId, String accessKeySecret, String signName,
                      java.util.Map<String, String> templates, java.net.URI endpoint) {

        @Override
        public String toString() {
            return "Sms[provider=" + provider + ", accessKeyId=" + accessKeyId + ", signName=" + signName
                    + ", templates=" + new java.util.TreeMap<>(templates) + ", endpoint=" + endpoint + "]";
        }
    }

    /** Which model answers: "local" (offline, default) or "openai" (any compatible endpoint, local as fallback). */
    public record Llm(String provider, String baseUrl, String apiKey, String model, int timeoutSeconds,
                      int maxRetries) {
    }

    /** How much each ranking counts in knowledge search (see README, "Knowledge search"). */
    public record KnowledgeWeights(double dense, double words, double grams, double pinyin) {
    }

    /**
     * @param tlsKeystore   PKCS#12 keystore with the server's certificate and key: HTTPS when set
     * @param secureCookies mark session cookies Secure (automatic with TLS; set it behind a TLS proxy)
     * @param trustedProxies reverse proxies whose X-Forwarded-For / X-Real-IP name the client (addresses, CIDR)
     */
    /** @param drainSeconds on stop, how long readiness says no while requests still get answers (several nodes) */
    public record Http(String host, int port, Path tlsKeystore, String tlsPassword, boolean secureCookies,
                       List<String> trustedProxies, int drainSeconds) {

        public Http(String host, int port) {
            this(host, port, null, null, false, List.of(), 0);
        }

        public boolean tls() {
            return tlsKeystore != null;
        }
    }

    /** url null means: run the embedded PostgreSQL under the data directory. */
    public record Database(String url, String user, String password) {

        public boolean embedded() {
            return url == null;
        }
    }
}
