package dev.guanjia.app.config;

import java.nio.file.Path;

/**
 * Everything an operator can set. Built by {@link ConfigLoader} from guanjia.yaml and GUANJIA_*
 * environment variables; the defaults run the whole service on an embedded database.
 *
 * @param adminToken bearer token for administrative API calls; null disables them
 * @param source     where the settings came from, for the start-up log
 */
public record GuanjiaConfig(Http http, Path dataDir, Database database, boolean loadDemo, String adminToken,
                            KnowledgeWeights knowledgeWeights, Llm llm, WeChat wechat, String source) {

    /** The official account of one community; null when none is configured. */
    public record WeChat(String community, String appId, String secret, String token, String aesKey, String apiHost,
                         long passiveWaitMillis, String noticeTemplateId, String noticeTemplateField) {
    }

    /** Which model answers: "local" (offline, default) or "openai" (any compatible endpoint, local as fallback). */
    public record Llm(String provider, String baseUrl, String apiKey, String model, int timeoutSeconds,
                      int maxRetries) {
    }

    /** How much each ranking counts in knowledge search (see README, "Knowledge search"). */
    public record KnowledgeWeights(double dense, double words, double grams, double pinyin) {
    }

    public record Http(String host, int port) {
    }

    /** url null means: run the embedded PostgreSQL under the data directory. */
    public record Database(String url, String user, String password) {

        public boolean embedded() {
            return url == null;
        }
    }
}
