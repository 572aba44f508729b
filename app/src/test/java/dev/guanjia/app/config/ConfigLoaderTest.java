package dev.guanjia.app.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsRunEmbeddedOnPort8080UnderData() {
        GuanjiaConfig c = ConfigLoader.load(Map.of(), dir);
        assertEquals(8080, c.http().port());
        assertEquals("0.0.0.0", c.http().host());
        assertEquals(dir.resolve("data"), c.dataDir());
        assertTrue(c.database().embedded());
        assertTrue(c.loadDemo());
    }

    @Test
    void yamlFileInTheWorkingDirectoryIsRead() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                http:
                  port: 9090
                data_dir: /var/lib/guanjia
                demo:
                  load: false
                """);
        GuanjiaConfig c = ConfigLoader.load(Map.of(), dir);
        assertEquals(9090, c.http().port());
        assertEquals(Path.of("/var/lib/guanjia"), c.dataDir());
        assertFalse(c.loadDemo());
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = dir.resolve("custom.yaml");
        Files.writeString(file, "http:\n  port: 9090\ndatabase:\n  url: jdbc:postgresql://db:5432/a\n  user: a\n");
        GuanjiaConfig c = ConfigLoader.load(Map.of(
                "GUANJIA_CONFIG", "custom.yaml",
                "GUANJIA_HTTP_PORT", "7070",
                "GUANJIA_DATA_DIR", "elsewhere",
                "GUANJIA_DB_URL", "jdbc:postgresql://other:5432/guanjia",
                "GUANJIA_DB_PASSWORD", "secret"), dir);
        assertEquals(7070, c.http().port());
        assertEquals(dir.resolve("elsewhere"), c.dataDir());
        assertEquals("jdbc:postgresql://other:5432/guanjia", c.database().url());
        assertEquals("a", c.database().user());
        assertEquals("secret", c.database().password());
        assertFalse(c.database().embedded());
    }

    @Test
    void unknownKeysAndBadValuesAreAllReported() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                http:
                  prot: 80
                  port: eighty
                databse:
                  url: x
                demo:
                  load: maybe
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertEquals(4, e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().contains("unknown key 'http.prot'"));
        assertTrue(e.getMessage().contains("http.port must be a number from 0 to 65535"));
        assertTrue(e.getMessage().contains("unknown section 'databse'"));
        assertTrue(e.getMessage().contains("demo.load must be true or false, got 'maybe'"));
    }

    @Test
    void badEnvironmentValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "GUANJIA_HTTP_PORT", "70000",
                "GUANJIA_DB_URL", "mysql://localhost/x",
                "GUANJIA_HTTP_PROT", "1"), dir));
        assertEquals(3, e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().contains("unknown environment variable GUANJIA_HTTP_PROT"));
        assertTrue(e.getMessage().contains("database.url must be a PostgreSQL JDBC URL"));
    }

    @Test
    void aNodeBehindALoadBalancerDrainsForTheSecondsSet() {
        assertEquals(0, ConfigLoader.load(Map.of(), dir).http().drainSeconds());
        assertEquals(5, ConfigLoader.load(Map.of("GUANJIA_HTTP_DRAIN_SECONDS", "5"), dir).http().drainSeconds());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_HTTP_DRAIN_SECONDS", "-1"), dir));
        assertTrue(e.getMessage().contains("http.drain_seconds"), e::getMessage);
    }

    @Test
    void metricsAreOpenUnlessATokenOrRangesAreSet() throws IOException {
        GuanjiaConfig open = ConfigLoader.load(Map.of(), dir);
        assertNull(open.metrics().token());
        assertEquals(List.of(), open.metrics().allow());

        GuanjiaConfig env = ConfigLoader.load(Map.of("GUANJIA_METRICS_TOKEN", "0123456789abcdef0123",
                "GUANJIA_METRICS_ALLOW", "10.0.0.0/8, 127.0.0.1,::1"), dir);
        assertEquals("0123456789abcdef0123", env.metrics().token());
        assertEquals(List.of("10.0.0.0/8", "127.0.0.1", "::1"), env.metrics().allow());

        Files.writeString(dir.resolve("guanjia.yaml"), """
                metrics:
                  allow: [10.1.0.0/16, 192.168.0.5]
                """);
        GuanjiaConfig yaml = ConfigLoader.load(Map.of(), dir);
        assertEquals(List.of("10.1.0.0/16", "192.168.0.5"), yaml.metrics().allow());
        assertNull(yaml.metrics().token());
    }

    @Test
    void aShortTokenOrABadRangeForMetricsStopsTheStart() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "GUANJIA_METRICS_TOKEN", "secret",
                "GUANJIA_METRICS_ALLOW", "10.0.0.0/8,monitoring.internal,10.0.0.0/33"), dir));
        assertEquals(3, e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().contains("metrics.token must be at least 16 visible characters"), e::getMessage);
        assertTrue(e.getMessage().contains("metrics.allow: 'monitoring.internal' is not an IP address or CIDR range"),
                e::getMessage);
        assertTrue(e.getMessage().contains("metrics.allow: '10.0.0.0/33'"), e::getMessage);
        assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_METRICS_TOKEN", "with spaces inside it"), dir));
    }

    @Test
    void credentialsWithoutAnExternalUrlAreAMistake() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_DB_USER", "guanjia"), dir));
        assertTrue(e.getMessage().contains("database.url is not"));
    }

    @Test
    void theSipTrunkIsToldAnAddressItCanReach() {
        GuanjiaConfig c = ConfigLoader.load(Map.of("GUANJIA_VOICE_COMMUNITY", "c1", "GUANJIA_VOICE_SIP_PORT", "5060",
                "GUANJIA_VOICE_SIP_ADVERTISE", "203.0.113.7"), dir);
        assertEquals("203.0.113.7", c.voice().sipAdvertise());
        assertNull(ConfigLoader.load(Map.of("GUANJIA_VOICE_COMMUNITY", "c1"), dir).voice().sipAdvertise(),
                "unset: the server picks the bound (or first non-loopback) address");
        for (String bad : new String[]{"0.0.0.0", "203.0.113.7:5060", "300.1.1.1", "sip:host"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                    "GUANJIA_VOICE_COMMUNITY", "c1", "GUANJIA_VOICE_SIP_ADVERTISE", bad), dir), bad);
            assertTrue(e.getMessage().contains("voice.sip.advertise"), e.getMessage());
        }
    }

    @Test
    void missingOrBrokenConfigFile() throws IOException {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_CONFIG", "nope.yaml"), dir));
        assertTrue(missing.getMessage().contains("not a file"));
        Files.writeString(dir.resolve("guanjia.yaml"), "http: [unclosed\n");
        ConfigException broken = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(broken.getMessage().contains("is not valid YAML"));
    }

    @Test
    void theModelIsLocalUnlessARemoteOneIsFullyConfigured() {
        assertEquals("local", ConfigLoader.load(Map.of(), dir).llm().provider());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_LLM_PROVIDER", "openai"), dir));
        assertTrue(e.getMessage().contains("llm.base_url"), e.getMessage());
        GuanjiaConfig c = ConfigLoader.load(Map.of("GUANJIA_LLM_PROVIDER", "openai",
                "GUANJIA_LLM_BASE_URL", "http://127.0.0.1:9/v1", "GUANJIA_LLM_MODEL", "qwen-plus",
                "GUANJIA_LLM_API_KEY", "k"), dir);
        assertEquals("qwen-plus", c.llm().model());
        assertEquals(8, c.llm().timeoutSeconds());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of("GUANJIA_LLM_PROVIDER", "magic"), dir));
    }

    @Test
    void weChatCallbacksMayBeFiveMinutesOffUnlessConfigured() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                wechat:
                  community: cuihu
                  app_id: wxa
                  secret: s
                  token: t
                """);
        assertEquals(300, ConfigLoader.load(Map.of(), dir).wechat().maxClockSkewSeconds());
        assertEquals(120, ConfigLoader.load(Map.of("GUANJIA_WECHAT_MAX_CLOCK_SKEW_SECONDS", "120"), dir)
                .wechat().maxClockSkewSeconds());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_WECHAT_MAX_CLOCK_SKEW_SECONDS", "86400"), dir));
        assertTrue(e.getMessage().contains("wechat.max_clock_skew_seconds must be a number from 30 to 3600"),
                e.getMessage());
    }

    @Test
    void severalOfficialAccountsOnePerCommunity() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                wechat:
                  community: cuihu
                  app_id: wxa
                  secret: s
                  token: t
                  notice_template_id: TPL_A
                  accounts:
                    - community: hilltop
                      app_id: wxb
                      secret: s2
                      token: t2
                      aes_key: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG
                    - {community: riverside, app_id: wxc, secret: s3, token: t3, notice_template_id: TPL_C}
                """);
        GuanjiaConfig c = ConfigLoader.load(Map.of(), dir);
        assertEquals(List.of("cuihu", "hilltop", "riverside"),
                c.wechatAccounts().stream().map(GuanjiaConfig.WeChat::community).toList());
        assertEquals("cuihu", c.wechat().community(), "the section's own account stays the first");
        GuanjiaConfig.WeChat hilltop = c.wechatAccounts().get(1);
        assertEquals("wxb", hilltop.appId());
        assertEquals(43, hilltop.aesKey().length());
        assertEquals("TPL_A", hilltop.noticeTemplateId(), "unset: the section's template");
        assertEquals("TPL_C", c.wechatAccounts().get(2).noticeTemplateId());
        assertEquals(4000, hilltop.passiveWaitMillis());

        Files.writeString(dir.resolve("guanjia.yaml"), """
                wechat:
                  accounts:
                    - {community: cuihu, app_id: wxa, secret: s, token: t}
                    - {community: cuihu, app_id: wxb, secret: s, token: t, colour: red}
                    - {community: hilltop, app_id: wxc}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(e.getMessage().contains("wechat.accounts[1]: community cuihu already has an official account"),
                e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'colour' in wechat.accounts[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("wechat.accounts[2] needs community, app_id, secret and token"),
                e.getMessage());
    }

    @Test
    void oneOfficialAccountSharedBySeveralCommunities() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                wechat:
                  communities: [cuihu, hilltop]
                  app_id: wxa
                  secret: s
                  token: t
                  accounts:
                    - {communities: "riverside, lakeside", app_id: wxb, secret: s2, token: t2}
                    - {community: parkview, app_id: wxc, secret: s3, token: t3}
                """);
        GuanjiaConfig c = ConfigLoader.load(Map.of(), dir);
        assertEquals(List.of(List.of("cuihu", "hilltop"), List.of("riverside", "lakeside"), List.of("parkview")),
                c.wechatAccounts().stream().map(GuanjiaConfig.WeChat::communities).toList());
        assertEquals(List.of("cuihu", "riverside", "parkview"),
                c.wechatAccounts().stream().map(GuanjiaConfig.WeChat::community).toList(), "the first names the callback");

        Files.writeString(dir.resolve("guanjia.yaml"), """
                wechat:
                  accounts:
                    - {communities: [cuihu, hilltop], app_id: wxa, secret: s, token: t}
                    - {community: hilltop, communities: [riverside], app_id: wxb, secret: s, token: t}
                    - {community: hilltop, app_id: wxc, secret: s, token: t}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(e.getMessage().contains("wechat.accounts[1]: community names the one community of an account, "
                + "communities several; set one of them"), e.getMessage());
        assertTrue(e.getMessage().contains("wechat.accounts[2]: community hilltop already has an official account"),
                e.getMessage());
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), "# nothing set\n");
        GuanjiaConfig c = ConfigLoader.load(Map.of(), dir);
        assertNull(c.database().url());
        assertEquals(8080, c.http().port());
    }

    @Test
    void theCommentedExampleInTheRepositoryIsValid() {
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        GuanjiaConfig c = ConfigLoader.load(Map.of("GUANJIA_CONFIG", repoRoot.resolve("guanjia.yaml").toString()), dir);
        assertEquals(8080, c.http().port());
        assertTrue(c.database().embedded());
    }

    @Test
    void anSmsGatewayIsReadWithItsTemplatesAndTheSecretFromANamedVariable() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                sms:
                  provider: aliyun
                  access_key_id: LTAI5tExample
                  access_key_secret_env: ALIBABA_CLOUD_ACCESS_KEY_SECRET
                  sign_name: 翠湖物业
                  templates:
                    login_code: SMS_154950909
                    payment_reminder: SMS_154950910
                    payment_link: SMS_154950911
                """);
        GuanjiaConfig c = ConfigLoader.load(Map.of("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "the-secret"), dir);
        assertEquals("LTAI5tExample", c.sms().accessKeyId());
        assertEquals("the-secret", c.sms().accessKeySecret());
        assertEquals("翠湖物业", c.sms().signName());
        assertEquals(Map.of("login_code", "SMS_154950909", "payment_reminder", "SMS_154950910",
                "payment_link", "SMS_154950911"), c.sms().templates());
        assertEquals(java.net.URI.create("https://dysmsapi.aliyuncs.com"), c.sms().endpoint());
        assertFalse(c.sms().toString().contains("the-secret"), "the secret stays out of logs");
        assertNull(ConfigLoader.load(Map.of(), dir.resolve("elsewhere")).sms(), "no sms section: the log sender");
    }

    @Test
    void aPartialSmsGatewayIsRefusedWithWhatIsMissing() throws IOException {
        Files.writeString(dir.resolve("guanjia.yaml"), """
                sms:
                  access_key_id: LTAI5tExample
                  templates:
                    payment_reminder: reminder
                  endpoint: ftp://example
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(e.getMessage().contains("sms.access_key_secret (or sms.access_key_secret_env)"), e.getMessage());
        assertTrue(e.getMessage().contains("sms.sign_name"), e.getMessage());
        assertTrue(e.getMessage().contains("sms.templates.login_code"), e.getMessage());
        assertTrue(e.getMessage().contains("sms.templates.payment_reminder"), e.getMessage());
        assertTrue(e.getMessage().contains("sms.endpoint"), e.getMessage());
        // from the environment alone, a secret variable that is named but not set
        ConfigException env = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "GUANJIA_SMS_ACCESS_KEY_ID", "id", "GUANJIA_SMS_SIGN_NAME", "物业"), dir.resolve("none")));
        assertTrue(env.getMessage().contains("sms.templates.login_code"), env.getMessage());
    }

    @Test
    void paymentsAreAllOrNothing() throws IOException {
        assertNull(ConfigLoader.load(Map.of(), dir).payments());
        ConfigException partial = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(
                "GUANJIA_PAY_MCH_ID", "1900000109", "GUANJIA_PAY_APP_ID", "wx8888888888888888"), dir));
        for (String missing : new String[]{"api_v3_key", "merchant_serial", "private_key_path", "notify_url",
                "refund_notify_url", "public_key_id and public_key_path"}) {
            assertTrue(partial.getMessage().contains(missing), partial.getMessage());
        }
        Files.writeString(dir.resolve("apiclient_key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("pub_key.pem"), "-----BEGIN PUBLIC KEY-----\n");
        Files.writeString(dir.resolve("guanjia.yaml"), """
                payments:
                  app_id: wx8888888888888888
                  mch_id: "1900000109"
                  api_v3_key: 0123456789abcdef0123456789abcdef
                  merchant_serial: 5157F09EFDC096DE15EBE81A47057A72
                  private_key_path: apiclient_key.pem
                  public_key_id: PUB_KEY_ID_0114232134912410000000000000000001
                  public_key_path: pub_key.pem
                  notify_url: https://guanjia.example.com/pay/notify
                  refund_notify_url: https://guanjia.example.com/pay/refund-notify
                """);
        GuanjiaConfig c = ConfigLoader.load(Map.of(), dir);
        assertEquals("1900000109", c.payments().mchId());
        assertEquals(dir.resolve("pub_key.pem").toString(), c.payments().publicKeyPath());
        ConfigException noKey = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Map.of("GUANJIA_PAY_PUBLIC_KEY_PATH", "missing.pem"), dir));
        assertTrue(noKey.getMessage().contains("cannot read"), noKey.getMessage());
    }

    /** serve warms up for six seconds unless told otherwise; 0 starts cold, a typo is refused. */
    @Test
    void theWarmUpIsSixSecondsBySettingOrNone() throws IOException {
        assertEquals(6, ConfigLoader.load(Map.of(), dir).desk().warmupSeconds());
        assertEquals(0, ConfigLoader.load(Map.of("GUANJIA_DESK_WARMUP_SECONDS", "0"), dir).desk().warmupSeconds());
        Files.writeString(dir.resolve("guanjia.yaml"), "desk:\n  warmup_seconds: 15\n");
        assertEquals(15, ConfigLoader.load(Map.of(), dir).desk().warmupSeconds());
        Files.writeString(dir.resolve("guanjia.yaml"), "desk:\n  warmup_seconds: soon\n");
        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(bad.getMessage().contains("desk.warmup_seconds must be a whole number from 0 to 120"), bad.getMessage());
        Files.writeString(dir.resolve("guanjia.yaml"), "desk:\n  warmup_seconds: 0.5\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir), "half a second is no whole number");
    }

    /** The answer lease is the desk's, for every channel; WeChat's older key for it still counts. */
    @Test
    void theAnswerLeaseIsTheDesksAndTheOldWeChatKeyStillCounts() throws IOException {
        assertEquals(45, ConfigLoader.load(Map.of(), dir).desk().answerLeaseSeconds());
        Files.writeString(dir.resolve("guanjia.yaml"), "desk:\n  answer_lease_seconds: 20\n");
        assertEquals(20, ConfigLoader.load(Map.of(), dir).desk().answerLeaseSeconds());
        assertEquals(7, ConfigLoader.load(Map.of("GUANJIA_DESK_ANSWER_LEASE_SECONDS", "7"), dir).desk()
                .answerLeaseSeconds());
        Files.writeString(dir.resolve("guanjia.yaml"), "wechat:\n  answer_lease_seconds: 30\n");
        assertEquals(30, ConfigLoader.load(Map.of(), dir).desk().answerLeaseSeconds(), "an old config's setting");
        Files.writeString(dir.resolve("guanjia.yaml"), "desk:\n  answer_lease_seconds: 20\nwechat:\n  answer_lease_seconds: 30\n");
        ConfigException both = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(both.getMessage().contains("remove wechat.answer_lease_seconds"), both.getMessage());
        Files.writeString(dir.resolve("guanjia.yaml"), "desk:\n  answer_lease_seconds: 0\n");
        ConfigException zero = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), dir));
        assertTrue(zero.getMessage().contains("desk.answer_lease_seconds must be a number from 1 to 600"), zero.getMessage());
    }
}
