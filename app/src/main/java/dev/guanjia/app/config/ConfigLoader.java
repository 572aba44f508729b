package dev.guanjia.app.config;

import dev.guanjia.community.pack.Scalars;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads guanjia.yaml (from GUANJIA_CONFIG, else ./guanjia.yaml when present), then lets GUANJIA_*
 * environment variables override it. Unknown keys and bad values are all reported at once.
 */
public final class ConfigLoader {

    /** Dotted YAML key → environment variable that overrides it. */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    /** Variables a command reads itself, not settings: known, so they are not reported as typos. */
    private static final java.util.Set<String> COMMAND_VARIABLES = java.util.Set.of("GUANJIA_STAFF_PASSWORD");

    static {
        KEYS.put("http.host", "GUANJIA_HTTP_HOST");
        KEYS.put("http.port", "GUANJIA_HTTP_PORT");
        KEYS.put("http.tls.keystore", "GUANJIA_TLS_KEYSTORE");
        KEYS.put("http.tls.password", "GUANJIA_TLS_PASSWORD");
        KEYS.put("http.secure_cookies", null);
        KEYS.put("http.trusted_proxies", "GUANJIA_HTTP_TRUSTED_PROXIES");
        KEYS.put("http.drain_seconds", "GUANJIA_HTTP_DRAIN_SECONDS");
        KEYS.put("data_dir", "GUANJIA_DATA_DIR");
        KEYS.put("security.production", "GUANJIA_PRODUCTION");
        KEYS.put("security.data_key", "GUANJIA_DATA_KEY");
        KEYS.put("security.data_key_file", "GUANJIA_DATA_KEY_FILE");
        KEYS.put("retention.conversation_days", null);
        KEYS.put("voice.community", "GUANJIA_VOICE_COMMUNITY");
        KEYS.put("voice.audiosocket.host", "GUANJIA_VOICE_HOST");
        KEYS.put("voice.audiosocket.port", "GUANJIA_VOICE_PORT");
        KEYS.put("voice.tts.command", null);
        KEYS.put("voice.tts.rate", null);
        KEYS.put("voice.first_key_seconds", null);
        KEYS.put("voice.sip.port", "GUANJIA_VOICE_SIP_PORT");
        KEYS.put("voice.sip.transfer_uri", null);
        KEYS.put("voice.sip.advertise", "GUANJIA_VOICE_SIP_ADVERTISE");
        KEYS.put("voice.asr.model", "GUANJIA_VOICE_ASR_MODEL");
        KEYS.put("database.url", "GUANJIA_DB_URL");
        KEYS.put("database.user", "GUANJIA_DB_USER");
        KEYS.put("database.password", "GUANJIA_DB_PASSWORD");
        KEYS.put("demo.load", "GUANJIA_DEMO_LOAD");
        KEYS.put("admin.token", "GUANJIA_ADMIN_TOKEN");
        KEYS.put("llm.provider", "GUANJIA_LLM_PROVIDER");
        KEYS.put("llm.base_url", "GUANJIA_LLM_BASE_URL");
        KEYS.put("llm.api_key", "GUANJIA_LLM_API_KEY");
        KEYS.put("llm.model", "GUANJIA_LLM_MODEL");
        KEYS.put("llm.timeout_seconds", null);
        KEYS.put("llm.max_retries", null);
        KEYS.put("wechat.community", "GUANJIA_WECHAT_COMMUNITY");
        KEYS.put("wechat.communities", "GUANJIA_WECHAT_COMMUNITIES");
        KEYS.put("wechat.app_id", "GUANJIA_WECHAT_APP_ID");
        KEYS.put("wechat.secret", "GUANJIA_WECHAT_SECRET");
        KEYS.put("wechat.token", "GUANJIA_WECHAT_TOKEN");
        KEYS.put("wechat.aes_key", "GUANJIA_WECHAT_AES_KEY");
        KEYS.put("wechat.api_host", null);
        KEYS.put("wechat.passive_wait_ms", null);
        KEYS.put("wechat.notice_template_id", null);
        KEYS.put("wechat.notice_template_field", null);
        // the desk's answer lease; the WeChat section's older name for it is still read
        KEYS.put("desk.answer_lease_seconds", "GUANJIA_DESK_ANSWER_LEASE_SECONDS");
        KEYS.put("desk.warmup_seconds", "GUANJIA_DESK_WARMUP_SECONDS");
        KEYS.put("wechat.answer_lease_seconds", null);
        KEYS.put("wechat.max_clock_skew_seconds", "GUANJIA_WECHAT_MAX_CLOCK_SKEW_SECONDS");
        KEYS.put("wechat.accounts", null);
        KEYS.put("sms.provider", "GUANJIA_SMS_PROVIDER");
        KEYS.put("sms.access_key_id", "GUANJIA_SMS_ACCESS_KEY_ID");
        KEYS.put("sms.access_key_secret", "GUANJIA_SMS_ACCESS_KEY_SECRET");
        KEYS.put("sms.access_key_secret_env", null);
        KEYS.put("sms.sign_name", "GUANJIA_SMS_SIGN_NAME");
        KEYS.put("sms.endpoint", null);
        KEYS.put("sms.templates", null);
        KEYS.put("payments.app_id", "GUANJIA_PAY_APP_ID");
        KEYS.put("payments.mch_id", "GUANJIA_PAY_MCH_ID");
        KEYS.put("payments.api_v3_key", "GUANJIA_PAY_API_V3_KEY");
        KEYS.put("payments.merchant_serial", "GUANJIA_PAY_MERCHANT_SERIAL");
        KEYS.put("payments.private_key_path", "GUANJIA_PAY_PRIVATE_KEY_PATH");
        KEYS.put("payments.public_key_id", "GUANJIA_PAY_PUBLIC_KEY_ID");
        KEYS.put("payments.public_key_path", "GUANJIA_PAY_PUBLIC_KEY_PATH");
        KEYS.put("payments.platform_certificate_path", "GUANJIA_PAY_PLATFORM_CERTIFICATE_PATH");
        KEYS.put("payments.notify_url", "GUANJIA_PAY_NOTIFY_URL");
        KEYS.put("payments.refund_notify_url", "GUANJIA_PAY_REFUND_NOTIFY_URL");
        KEYS.put("payments.api_host", null);
        KEYS.put("knowledge.weights.dense", null);
        KEYS.put("knowledge.weights.words", null);
        KEYS.put("knowledge.weights.grams", null);
        KEYS.put("knowledge.weights.pinyin", null);
        KEYS.put("knowledge.import_max_mb", "GUANJIA_KNOWLEDGE_IMPORT_MAX_MB");
        KEYS.put("logging.format", "GUANJIA_LOGGING_FORMAT");
        KEYS.put("metrics.token", "GUANJIA_METRICS_TOKEN");
        KEYS.put("metrics.allow", "GUANJIA_METRICS_ALLOW");
    }

    private ConfigLoader() {
    }

    public static GuanjiaConfig load(Map<String, String> env, Path workingDir) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        String source = "defaults";
        Path file = null;
        String explicit = env.get("GUANJIA_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            file = workingDir.resolve(explicit);
            if (!Files.isRegularFile(file)) {
                problems.add("GUANJIA_CONFIG points at " + file + ", which is not a file");
                file = null;
            }
        } else if (Files.isRegularFile(workingDir.resolve("guanjia.yaml"))) {
            file = workingDir.resolve("guanjia.yaml");
        }
        if (file != null) {
            source = file.toString();
            readYaml(file, values, problems);
        }
        for (Map.Entry<String, String> k : KEYS.entrySet()) {
            String v = k.getValue() == null ? null : env.get(k.getValue());
            if (v != null) {
                values.put(k.getKey(), v);
                source = source + " + " + k.getValue();
            }
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("GUANJIA_") && !name.equals("GUANJIA_CONFIG") && !KEYS.containsValue(name)
                    && !COMMAND_VARIABLES.contains(name)) {
                problems.add("unknown environment variable " + name + "; known: GUANJIA_CONFIG, "
                        + String.join(", ", KEYS.values().stream().filter(java.util.Objects::nonNull).toList())
                        + ", GUANJIA_STAFF_PASSWORD (staff add/password)");
            }
        }

        String host = values.getOrDefault("http.host", "0.0.0.0");
        int port = port(values.getOrDefault("http.port", "8080"), problems);
        Path dataDir = workingDir.resolve(values.getOrDefault("data_dir", "data")).normalize();
        String url = blankToNull(values.get("database.url"));
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            problems.add("database.url must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/guanjia, got '"
                    + url + "'");
        }
        String user = blankToNull(values.get("database.user"));
        String password = values.get("database.password");
        if (url == null && (user != null || password != null)) {
            problems.add("database.user/password are set but database.url is not: set GUANJIA_DB_URL for an "
                    + "external PostgreSQL, or remove them to use the embedded one");
        }
        boolean demo = bool("demo.load", values.getOrDefault("demo.load", "true"), problems);
        String adminToken = blankToNull(values.get("admin.token"));
        if (adminToken != null && adminToken.length() < 16) {
            problems.add("admin.token must be at least 16 characters (a random string), or left unset");
        }
        GuanjiaConfig.KnowledgeWeights weights = new GuanjiaConfig.KnowledgeWeights(
                weight("knowledge.weights.dense", values, 1.0, problems),
                weight("knowledge.weights.words", values, 0.4, problems),
                weight("knowledge.weights.grams", values, 0.4, problems),
                weight("knowledge.weights.pinyin", values, 0.1, problems));
        GuanjiaConfig.Llm llm = llm(values, problems);
        GuanjiaConfig.Desk desk = desk(values, problems);
        List<GuanjiaConfig.WeChat> wechat = wechat(values, problems);
        GuanjiaConfig.Sms sms = sms(values, env, problems);
        String keystore = blankToNull(values.get("http.tls.keystore"));
        Path tls = keystore == null ? null : workingDir.resolve(keystore).normalize();
        if (tls != null && !Files.isReadable(tls)) {
            problems.add("http.tls.keystore: cannot read " + tls + " (a PKCS#12 file with the certificate and key)");
        }
        boolean secureCookies = tls != null
                || bool("http.secure_cookies", values.getOrDefault("http.secure_cookies", "false"), problems);
        boolean production = bool("security.production", values.getOrDefault("security.production", "false"), problems);
        String dataKey = blankToNull(values.get("security.data_key"));
        if (dataKey != null) {
            try {
                if (java.util.Base64.getDecoder().decode(dataKey.strip()).length != 32) {
                    problems.add("security.data_key must be 32 random bytes in base64 (openssl rand -base64 32)");
                }
            } catch (IllegalArgumentException e) {
                problems.add("security.data_key is not base64 (make one with: openssl rand -base64 32)");
            }
        }
        String keyFile = blankToNull(values.get("security.data_key_file"));
        int retention = 365;
        String r = values.get("retention.conversation_days");
        if (r != null) {
            try {
                retention = Integer.parseInt(r.strip());
                if (retention < 1) {
                    problems.add("retention.conversation_days must be at least 1");
                }
            } catch (NumberFormatException e) {
                problems.add("retention.conversation_days must be a number of days, got '" + r + "'");
            }
        }
        GuanjiaConfig.Voice voice = null;
        String voiceCommunity = blankToNull(values.get("voice.community"));
        if (voiceCommunity != null) {
            voice = new GuanjiaConfig.Voice(voiceCommunity, values.getOrDefault("voice.audiosocket.host", "127.0.0.1"),
                    number("voice.audiosocket.port", values.getOrDefault("voice.audiosocket.port", "9092"), 0, 65535,
                            problems),
                    values.getOrDefault("voice.tts.command", "espeak-ng"),
                    number("voice.tts.rate", values.getOrDefault("voice.tts.rate", "140"), 60, 300, problems),
                    number("voice.first_key_seconds", values.getOrDefault("voice.first_key_seconds", "8"), 3, 60,
                            problems),
                    number("voice.sip.port", values.getOrDefault("voice.sip.port", "-1"), -1, 65535, problems),
                    blankToNull(values.get("voice.sip.transfer_uri")),
                    blankToNull(values.get("voice.asr.model")) == null ? null
                            : workingDir.resolve(values.get("voice.asr.model").strip()).normalize(),
                    sipAdvertise(blankToNull(values.get("voice.sip.advertise")), problems));
        }
        List<String> proxies = java.util.Arrays.stream(values.getOrDefault("http.trusted_proxies", "").split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).toList();
        for (String bad : dev.guanjia.channels.proxy.ClientAddress.invalid(proxies)) {
            problems.add("http.trusted_proxies: '" + bad + "' is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8)");
        }
        int drainSeconds = number("http.drain_seconds", values.getOrDefault("http.drain_seconds", "0"), 0, 300, problems);
        dev.guanjia.payments.merchant.MerchantSettings payments = payments(values, workingDir, problems);
        int importMaxMb = number("knowledge.import_max_mb", values.getOrDefault("knowledge.import_max_mb", "20"), 1, 200,
                problems);
        String logFormat = values.getOrDefault("logging.format", "text").strip();
        if (!dev.guanjia.app.logging.LogLines.FORMATS.contains(logFormat)) {
            problems.add("logging.format must be text or json, got '" + logFormat + "'");
        }
        GuanjiaConfig.Metrics metrics = metrics(values, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new GuanjiaConfig(new GuanjiaConfig.Http(host, port, tls, values.get("http.tls.password"),
                secureCookies, proxies, drainSeconds), dataDir,
                new GuanjiaConfig.Database(url, user, password), demo, adminToken, weights, llm, desk, wechat,
                new GuanjiaConfig.Security(production, dataKey,
                        keyFile == null ? null : workingDir.resolve(keyFile).normalize(), retention), voice, sms,
                payments, importMaxMb, logFormat, metrics, source);
    }

    /** Who may read /metrics: a bearer token and/or client address ranges, both optional. */
    private static GuanjiaConfig.Metrics metrics(Map<String, String> values, List<String> problems) {
        String token = blankToNull(values.get("metrics.token"));
        if (token != null) {
            token = token.strip();
            if (token.length() < 16 || !token.matches("[\\x21-\\x7e]+")) {
                problems.add("metrics.token must be at least 16 visible characters without spaces (e.g. openssl rand "
                        + "-hex 24), or left unset; Prometheus sends it as 'authorization: {credentials: …}'");
                token = null;
            }
        }
        List<String> allow = java.util.Arrays.stream(values.getOrDefault("metrics.allow", "").split(","))
                .map(String::strip).filter(a -> !a.isEmpty()).toList();
        for (String bad : dev.guanjia.channels.proxy.ClientAddress.invalid(allow)) {
            problems.add("metrics.allow: '" + bad + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1, "
                    + "::1); list the monitoring network's ranges, comma-separated in GUANJIA_METRICS_ALLOW");
        }
        return new GuanjiaConfig.Metrics(token, allow);
    }

    /** The WeChat Pay merchant account: every setting or none (then payment is off). */
    private static dev.guanjia.payments.merchant.MerchantSettings payments(Map<String, String> values, Path workingDir,
                                                                          List<String> problems) {
        if (values.keySet().stream().noneMatch(k -> k.startsWith("payments.") && blankToNull(values.get(k)) != null)) {
            return null;
        }
        java.util.function.Function<String, String> path = k -> {
            String v = blankToNull(values.get(k));
            return v == null ? null : workingDir.resolve(v).normalize().toString();
        };
        var s = new dev.guanjia.payments.merchant.MerchantSettings(blankToNull(values.get("payments.app_id")),
                blankToNull(values.get("payments.mch_id")), blankToNull(values.get("payments.api_v3_key")),
                blankToNull(values.get("payments.merchant_serial")), path.apply("payments.private_key_path"),
                blankToNull(values.get("payments.public_key_id")), path.apply("payments.public_key_path"),
                path.apply("payments.platform_certificate_path"), blankToNull(values.get("payments.notify_url")),
                blankToNull(values.get("payments.refund_notify_url")), blankToNull(values.get("payments.api_host")));
        problems.addAll(s.problems());
        return s;
    }

    private static int number(String key, String value, int min, int max, List<String> problems) {
        Optional<Integer> n = Scalars.integer(value);
        if (n.isEmpty()) {
            problems.add(key + " must be a number, got '" + value + "'");
        } else if (n.get() < min || n.get() > max) {
            problems.add(key + " must be between " + min + " and " + max + ", got " + n.get());
        }
        return n.orElse(min);
    }

    private static void readYaml(Path file, Map<String, String> values, List<String> problems) {
        Object root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).load(in);
        } catch (YAMLException e) {
            problems.add(file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
            return;
        } catch (IOException e) {
            problems.add("cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof Map<?, ?> map)) {
            problems.add(file + " must hold settings like 'http:' and 'database:' at the top level");
            return;
        }
        flatten("", map, values, problems, file);
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> values, List<String> problems,
                                Path file) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (key.equals(ACCOUNTS)) {
                accounts(v, values, problems, file);
            } else if (key.equals(SMS_TEMPLATES)) {
                smsTemplates(v, values, problems, file);
            } else if (v instanceof Map<?, ?> sub) {
                if (KEYS.keySet().stream().noneMatch(k -> k.startsWith(key + "."))) {
                    problems.add("unknown section '" + key + "' in " + file + "; known keys: " + String.join(", ",
                            KEYS.keySet()));
                } else {
                    flatten(key + ".", sub, values, problems, file);
                }
            } else if (!KEYS.containsKey(key)) {
                problems.add("unknown key '" + key + "' in " + file + "; known keys: " + String.join(", ",
                        KEYS.keySet()));
            } else if (v != null) {
                values.put(key, text(v));
            }
        }
    }

    /** A value as the flat settings keep it: a YAML list ([a, b]) as "a,b", the way its variable is written. */
    private static String text(Object v) {
        return v instanceof List<?> several
                ? several.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                : String.valueOf(v);
    }

    private static int port(String v, List<String> problems) {
        Optional<Integer> p = Scalars.integer(v).filter(n -> n >= 0 && n <= 65535);
        if (p.isPresent()) {
            return p.get();
        }
        problems.add("http.port must be a number from 0 to 65535 (0 picks a free port), got '" + v + "'");
        return 0;
    }

    /**
     * The official accounts: the one of the wechat section itself (wechat.community, the original
     * form), then each of wechat.accounts. Wait, skew, lease and API host are the section's, for all.
     */
    private static List<GuanjiaConfig.WeChat> wechat(Map<String, String> values, List<String> problems) {
        long wait = (long) weightLike("wechat.passive_wait_ms", values, 4000, 1, 4500, problems);
        // WeChat's own retries come within about 15 s; 5 minutes also tolerates a modestly wrong clock
        long skew = (long) weightLike("wechat.max_clock_skew_seconds", values, 300, 30, 3600, problems);
        List<GuanjiaConfig.WeChat> accounts = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (blankToNull(values.get("wechat.community")) != null || blankToNull(values.get("wechat.communities")) != null) {
            prefixes.add("wechat.");
        }
        int listed = Integer.parseInt(values.getOrDefault(ACCOUNTS, "0"));
        for (int i = 0; i < listed; i++) {
            prefixes.add(ACCOUNTS + "." + i + ".");
        }
        java.util.Set<String> communities = new java.util.HashSet<>();
        for (String prefix : prefixes) {
            String name = prefix.equals("wechat.") ? "wechat" : "wechat.accounts[" + prefix.split("\\.")[2] + "]";
            String community = blankToNull(values.get(prefix + "community"));
            List<String> served = java.util.Arrays.stream(values.getOrDefault(prefix + "communities", "").split(","))
                    .map(String::strip).filter(c -> !c.isEmpty()).distinct().toList();
            if (community != null && !served.isEmpty()) {
                problems.add(name + ": community names the one community of an account, communities several; "
                        + "set one of them");
            } else if (community == null && !served.isEmpty()) {
                community = served.get(0);
            }
            if (served.isEmpty() && community != null) {
                served = List.of(community);
            }
            String appId = blankToNull(values.get(prefix + "app_id"));
            String secret = blankToNull(values.get(prefix + "secret"));
            String token = blankToNull(values.get(prefix + "token"));
            String aesKey = blankToNull(values.get(prefix + "aes_key"));
            if (community == null || appId == null || secret == null || token == null) {
                problems.add((prefix.equals("wechat.") ? "wechat.community is set, so wechat.app_id, wechat.secret "
                        + "and wechat.token are needed too" : name + " needs community, app_id, secret and token")
                        + " (from the official account's 开发 → 基本配置 page)");
            } else {
                for (String c : served) {
                    if (!communities.add(c)) {
                        problems.add(name + ": community " + c + " already has an official account; "
                                + "each community is served by one");
                    }
                }
            }
            if (aesKey != null && aesKey.length() != 43) {
                problems.add(name + ".aes_key (EncodingAESKey) must be 43 characters, got " + aesKey.length());
            }
            String field = values.getOrDefault(prefix + "notice_template_field",
                    values.getOrDefault("wechat.notice_template_field", "thing1"));
            accounts.add(new GuanjiaConfig.WeChat(community, appId, secret, token, aesKey,
                    blankToNull(values.get("wechat.api_host")), wait,
                    blankToNull(values.getOrDefault(prefix + "notice_template_id",
                            values.get("wechat.notice_template_id"))), field.strip(), skew, served));
        }
        return List.copyOf(accounts);
    }

    /**
     * The desk's settings. The answer lease was WeChat's alone (wechat.answer_lease_seconds) before the
     * web chat had one: that key still counts when desk.answer_lease_seconds is not set.
     */
    private static GuanjiaConfig.Desk desk(Map<String, String> values, List<String> problems) {
        String key = "desk.answer_lease_seconds";
        if (values.get(key) == null && values.get("wechat.answer_lease_seconds") != null) {
            key = "wechat.answer_lease_seconds";
        } else if (values.get("wechat.answer_lease_seconds") != null
                && !values.get(key).strip().equals(values.get("wechat.answer_lease_seconds").strip())) {
            problems.add("desk.answer_lease_seconds and wechat.answer_lease_seconds (its older name) differ: "
                    + "keep desk.answer_lease_seconds and remove wechat.answer_lease_seconds");
        }
        return new GuanjiaConfig.Desk((long) weightLike(key, values, 45, 1, 600, problems),
                wholeSeconds("desk.warmup_seconds", values, 6, 120, problems));
    }

    /** An entry of wechat.accounts: one official account. */
    private static final List<String> ACCOUNT_KEYS = List.of("community", "communities", "app_id", "secret", "token", "aes_key",
            "notice_template_id", "notice_template_field");
    private static final String ACCOUNTS = "wechat.accounts";

    /** wechat.accounts is the one list in the file: each entry's keys are kept as wechat.accounts.N.key. */
    private static void accounts(Object v, Map<String, String> values, List<String> problems, Path file) {
        if (v == null) {
            return;
        }
        if (!(v instanceof List<?> list)) {
            problems.add(ACCOUNTS + " in " + file + " must be a list of accounts (- community: …, app_id: …)");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> account)) {
                problems.add(ACCOUNTS + "[" + i + "] in " + file + " must hold community, app_id, secret, token…");
                continue;
            }
            for (Map.Entry<?, ?> e : account.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!ACCOUNT_KEYS.contains(key)) {
                    problems.add("unknown key '" + key + "' in " + ACCOUNTS + "[" + i + "] of " + file + "; known: "
                            + String.join(", ", ACCOUNT_KEYS));
                } else if (e.getValue() != null) {
                    values.put(ACCOUNTS + "." + i + "." + key, text(e.getValue()));
                }
            }
        }
        values.put(ACCOUNTS, String.valueOf(list.size()));
    }

    private static final String SMS_TEMPLATES = "sms.templates";

    /** sms.templates maps purposes to template codes: each kept as sms.templates.PURPOSE. */
    private static void smsTemplates(Object v, Map<String, String> values, List<String> problems, Path file) {
        if (v == null) {
            return;
        }
        if (!(v instanceof Map<?, ?> map)) {
            problems.add(SMS_TEMPLATES + " in " + file + " must map purposes to template codes "
                    + "(login_code: SMS_123456789)");
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getValue() != null) {
                values.put(SMS_TEMPLATES + "." + e.getKey(), text(e.getValue()));
            }
        }
        values.put(SMS_TEMPLATES, "");
    }

    /**
     * The SMS gateway, when any sms setting is given: then all of them are needed (a partial one is
     * refused rather than dropping texts). The secret is given itself or as the name of the
     * environment variable holding it.
     */
    private static GuanjiaConfig.Sms sms(Map<String, String> values, Map<String, String> env, List<String> problems) {
        if (values.keySet().stream().noneMatch(k -> k.startsWith("sms."))) {
            return null;
        }
        String provider = values.getOrDefault("sms.provider", "aliyun").strip();
        if (!provider.equals("aliyun")) {
            problems.add("sms.provider must be aliyun (Alibaba Cloud SMS), got '" + provider + "'");
        }
        String id = blankToNull(values.get("sms.access_key_id"));
        String secret = blankToNull(values.get("sms.access_key_secret"));
        String secretEnv = blankToNull(values.get("sms.access_key_secret_env"));
        if (secret != null && secretEnv != null) {
            problems.add("sms.access_key_secret and sms.access_key_secret_env are both set; set one of them");
        } else if (secretEnv != null) {
            secret = blankToNull(env.get(secretEnv));
            if (secret == null) {
                problems.add("sms.access_key_secret_env names " + secretEnv + ", which is not set in the environment");
            }
        }
        String signName = blankToNull(values.get("sms.sign_name"));
        Map<String, String> templates = new java.util.TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(SMS_TEMPLATES + ".")) {
                String purpose = k.substring(SMS_TEMPLATES.length() + 1);
                if (!purpose.matches("[a-z][a-z0-9_]*") || !v.strip().matches("SMS_\\d+")) {
                    problems.add("sms.templates." + purpose + ": a purpose (lower-case words joined by _) maps to an "
                            + "approved template code like SMS_154950909, got '" + v + "'");
                }
                templates.put(purpose, v.strip());
            }
        });
        List<String> missing = new ArrayList<>();
        if (id == null) {
            missing.add("sms.access_key_id");
        }
        if (secret == null && secretEnv == null) {
            missing.add("sms.access_key_secret (or sms.access_key_secret_env)");
        }
        if (signName == null) {
            missing.add("sms.sign_name");
        }
        if (!templates.containsKey("login_code")) {
            missing.add("sms.templates.login_code (residents' sign-in codes)");
        }
        if (!missing.isEmpty()) {
            problems.add("sms is configured, so these are needed too: " + String.join(", ", missing)
                    + " (from the Alibaba Cloud SMS console: AccessKey, 签名, 模板); remove the sms section to "
                    + "write texts to the log instead");
        }
        java.net.URI endpoint = java.net.URI.create("https://dysmsapi.aliyuncs.com");
        String e = blankToNull(values.get("sms.endpoint"));
        if (e != null) {
            try {
                endpoint = new java.net.URI(e);
                if (!("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))
                        || endpoint.getHost() == null || !(endpoint.getRawPath() == null
                        || endpoint.getRawPath().isEmpty() || endpoint.getRawPath().equals("/"))) {
                    throw new java.net.URISyntaxException(e, "not a base URL");
                }
            } catch (java.net.URISyntaxException x) {
                problems.add("sms.endpoint must be a base URL like https://dysmsapi.aliyuncs.com, got '" + e + "'");
            }
        }
        return new GuanjiaConfig.Sms(provider, id, secret, signName, java.util.Collections.unmodifiableMap(templates),
                endpoint);
    }

    private static GuanjiaConfig.Llm llm(Map<String, String> values, List<String> problems) {
        String provider = values.getOrDefault("llm.provider", "local").strip();
        if (!provider.equals("local") && !provider.equals("openai")) {
            problems.add("llm.provider must be local or openai, got '" + provider + "'");
        }
        String baseUrl = blankToNull(values.get("llm.base_url"));
        String model = blankToNull(values.get("llm.model"));
        if (provider.equals("openai") && (baseUrl == null || model == null)) {
            problems.add("llm.provider openai needs llm.base_url (e.g. https://api.deepseek.com/v1) and llm.model");
        }
        int timeout = (int) weightLike("llm.timeout_seconds", values, 8, 1, 120, problems);
        int retries = (int) weightLike("llm.max_retries", values, 1, 0, 5, problems);
        return new GuanjiaConfig.Llm(provider, baseUrl, blankToNull(values.get("llm.api_key")), model, timeout,
                retries);
    }

    /** A whole number of seconds from 0 to {@code max}: "0.5" is refused rather than read as 0. */
    private static int wholeSeconds(String key, Map<String, String> values, int fallback, int max, List<String> problems) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(key + " must be a whole number from 0 to " + max + ", got '" + v + "'");
        return fallback;
    }

    private static double weightLike(String key, Map<String, String> values, double fallback, double min, double max,
                                     List<String> problems) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        Optional<Double> d = Scalars.number(v).filter(n -> n >= min && n <= max);
        if (d.isPresent()) {
            return d.get();
        }
        problems.add(key + " must be a number from " + (int) min + " to " + (int) max + ", got '" + v + "'");
        return fallback;
    }

    private static double weight(String key, Map<String, String> values, double fallback, List<String> problems) {
        return weightLike(key, values, fallback, 0, 10, problems);
    }

    private static boolean bool(String key, String v, List<String> problems) {
        Optional<Boolean> b = Scalars.bool(v);
        if (b.isEmpty()) {
            problems.add(key + " must be true or false, got '" + v + "'");
        }
        return b.orElse(false);
    }

    /** The address a SIP trunk is told to send media and requests to: an IPv4 address or a host name, no port. */
    private static String sipAdvertise(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        boolean ipv4 = v.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && java.util.Arrays.stream(v.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        boolean name = !v.matches("[\\d.]+") && v.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
        if (v.equals("0.0.0.0") || !ipv4 && !name) {
            problems.add("voice.sip.advertise must be the IPv4 address (or host name) the SIP trunk reaches us at, "
                    + "without a port, got '" + v + "'");
            return null;
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
