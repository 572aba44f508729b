package dev.guanjia.channels.knowledge;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.login.RateLimiter;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.document.DocumentProblem;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.document.KbDocumentReader;
import dev.guanjia.knowledge.search.SearchResult;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Knowledge search, and document maintenance for administrators (each change a version of the article,
 * as in the console's editor; DELETE retires it).
 * <pre>
 * curl -s 'localhost:8080/api/v1/knowledge/search?community=cuihu&amp;q=门禁卡遗失了&amp;k=3'
 * curl -s localhost:8080/api/v1/knowledge/cuihu/documents
 * curl -s -X PUT -H "Authorization: Bearer $GUANJIA_ADMIN_TOKEN" --data-binary @kb/notice-pool.md \
 *      localhost:8080/api/v1/knowledge/cuihu/documents/notice-pool
 * curl -s -X DELETE -H "Authorization: Bearer $GUANJIA_ADMIN_TOKEN" \
 *      localhost:8080/api/v1/knowledge/cuihu/documents/notice-pool
 * </pre>
 * Anyone may search, but a search costs real CPU (embedding and ranking), so anonymous callers are
 * limited per address and only a few of their searches run at once; signed-in residents and staff
 * are not. A refused search gets 429 with Retry-After.
 */
public final class KnowledgeService implements HttpService {

    private static final int MAX_QUESTION = 500;
    private static final int MAX_DOCUMENT = 200_000;

    private final KnowledgeBase kb;
    private final dev.guanjia.knowledge.editing.Articles articles;
    private final Predicate<String> communityExists;
    private final String adminToken;
    private final javax.sql.DataSource audit;
    private final Authentication auth;
    private final RateLimiter perAddress;
    private final Semaphore anonymousAtOnce;

    /**
     * @param articles        where changes are saved: each a version with an audit entry, as in the console
     * @param adminToken      the bearer token that allows changing documents; null or empty: no one may
     * @param audit           the audit log
     * @param auth            tells signed-in callers (not limited) from anonymous ones
     * @param perAddress      anonymous searches per address and minute
     * @param anonymousAtOnce how many anonymous searches may run at the same time
     */
    public KnowledgeService(KnowledgeBase kb, dev.guanjia.knowledge.editing.Articles articles,
                            Predicate<String> communityExists, String adminToken,
                            javax.sql.DataSource audit, Authentication auth, RateLimiter perAddress,
                            int anonymousAtOnce) {
        this.audit = audit;
        this.auth = auth;
        this.perAddress = perAddress;
        this.anonymousAtOnce = new Semaphore(anonymousAtOnce);
        this.kb = kb;
        this.articles = articles;
        this.communityExists = communityExists;
        this.adminToken = adminToken == null ? "" : adminToken;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/search", this::search)
                .get("/{community}/documents", this::list)
                .get("/{community}/documents/{doc}", this::one)
                .put("/{community}/documents/{doc}", this::put)
                .delete("/{community}/documents/{doc}", this::delete);
    }

    private void search(ServerRequest req, ServerResponse res) {
        if (auth.caller(req).isPresent()) {
            answer(req, res);
            return;
        }
        Duration wait = perAddress.waitFor("search:" + dev.guanjia.channels.proxy.ClientAddress.of(req));
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, RateLimiter.seconds(wait));
            error(res, Status.TOO_MANY_REQUESTS_429, "rate_limited", "查询太频繁，请稍后再试。");
            return;
        }
        // a short wait for a free slot smooths bursts; a flood from many addresses is turned away
        boolean slot;
        try {
            slot = anonymousAtOnce.tryAcquire(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        if (!slot) {
            res.header(HeaderNames.RETRY_AFTER, "2");
            error(res, Status.TOO_MANY_REQUESTS_429, "busy", "查询的人太多，请稍后再试。");
            return;
        }
        try {
            answer(req, res);
        } finally {
            anonymousAtOnce.release();
        }
    }

    private void answer(ServerRequest req, ServerResponse res) {
        // a query of zero-width or control characters only is no question
        String q = dev.guanjia.knowledge.search.Question.visible(req.query().first("q").orElse(""));
        String community = req.query().first("community").orElse(null);
        int k = req.query().first("k").map(KnowledgeService::parseK).orElse(5);
        if (q.isEmpty()) {
            error(res, Status.BAD_REQUEST_400, "question_missing", "请输入要查询的问题（参数 q）。");
            return;
        }
        if (q.length() > MAX_QUESTION) {
            error(res, Status.BAD_REQUEST_400, "question_too_long", "问题太长了，请控制在" + MAX_QUESTION + "字以内。");
            return;
        }
        if (k < 1 || k > 20) {
            error(res, Status.BAD_REQUEST_400, "k_out_of_range", "k 必须是 1 到 20 之间的整数。");
            return;
        }
        if (community != null && !communityExists.test(community)) {
            error(res, Status.NOT_FOUND_404, "community_not_found", "没有找到这个小区：" + community);
            return;
        }
        SearchResult r = kb.search(community, q, k);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", r.question());
        body.put("abstained", r.abstained());
        body.put("confidence", Math.round(r.confidence() * 1000) / 1000.0);
        // what the abstain decision saw, so an operator can tell why a question was (not) answered
        body.put("signals", Map.of("cosine", round(r.signals().cosine()), "coverage", round(r.signals().coverage()),
                "inScope", round(r.signals().inScope()), "outOfScope", round(r.signals().outOfScope())));
        body.put("hits", r.hits().stream().map(h -> Map.of("docId", h.docId(), "title", h.title(),
                "section", h.section(), "score", h.score(), "snippet", h.snippet())).toList());
        body.put("passages", r.passages().stream().map(p -> Map.of("docId", p.docId(), "title", p.title(),
                "text", p.text())).toList());
        body.put("latencyMs", r.micros() / 1000.0);
        res.send(body);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void list(ServerRequest req, ServerResponse res) {
        String community = req.path().pathParameters().get("community");
        if (!communityExists.test(community)) {
            error(res, Status.NOT_FOUND_404, "community_not_found", "没有找到这个小区：" + community);
            return;
        }
        res.send(Map.of("documents", kb.documents(community).stream().map(d -> Map.of("id", d.id(),
                "title", d.title(), "category", d.category(), "tags", d.tags(),
                "updated", d.updated().toString())).toList()));
    }

    private void one(ServerRequest req, ServerResponse res) {
        String community = req.path().pathParameters().get("community");
        String docId = req.path().pathParameters().get("doc");
        kb.document(community, docId).ifPresentOrElse(
                d -> res.send(Map.of("id", d.id(), "title", d.title(), "category", d.category(),
                        "updated", d.updated().toString(), "body", d.body())),
                () -> error(res, Status.NOT_FOUND_404, "document_not_found", "没有这篇文档：" + docId));
    }

    private void put(ServerRequest req, ServerResponse res) throws IOException {
        if (!authorized(req, res)) {
            return;
        }
        String community = req.path().pathParameters().get("community");
        String docId = req.path().pathParameters().get("doc");
        if (!communityExists.test(community)) {
            error(res, Status.NOT_FOUND_404, "community_not_found", "没有找到这个小区：" + community);
            return;
        }
        byte[] raw = req.content().inputStream().readNBytes(MAX_DOCUMENT + 1);
        if (raw.length > MAX_DOCUMENT) {
            error(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "document_too_large",
                    "document is larger than " + MAX_DOCUMENT + " bytes");
            return;
        }
        List<DocumentProblem> problems = new ArrayList<>();
        KbDocument d = KbDocumentReader.parse("kb/" + docId + ".md", new String(raw, StandardCharsets.UTF_8), problems);
        if (d != null && !d.id().equals(docId)) {
            problems.add(new DocumentProblem("kb/" + docId + ".md", 2, "id", "front matter id '" + d.id()
                    + "' differs from the URL's '" + docId + "'"));
        }
        if (!problems.isEmpty()) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "document_invalid",
                    "problems", problems.stream().map(p -> p.file() + ":" + p.line() + ": " + p.field() + ": "
                            + p.reason()).toList()));
            return;
        }
        // a save like the console's: a new version (or the first), audited, searchable on return
        dev.guanjia.knowledge.editing.ArticleDraft draft = new dev.guanjia.knowledge.editing.ArticleDraft(d.title(),
                d.category(), d.tags(), d.body(), null, null, null);
        try {
            var current = articles.find(community, docId);
            if (current.isPresent() && current.get().retired()) {
                articles.restore(community, docId, "admin:token");
            }
            var saved = current.isPresent() ? articles.edit(community, docId, draft, "admin:token")
                    : articles.create(community, docId, draft, "admin:token");
            dev.guanjia.community.audit.AuditLog.anchor(audit);
            res.status(Status.OK_200).send(Map.of("id", d.id(), "stored", true, "version", saved.version()));
        } catch (dev.guanjia.knowledge.editing.ArticleRefusal e) {
            error(res, Status.BAD_REQUEST_400, e.code(), e.getMessage());
        }
    }

    private void delete(ServerRequest req, ServerResponse res) throws IOException {
        if (!authorized(req, res)) {
            return;
        }
        String community = req.path().pathParameters().get("community");
        String docId = req.path().pathParameters().get("doc");
        // retired, not erased: it stays listed in the console with its versions and can be restored
        var current = articles.find(community, docId);
        if (current.isPresent() && !current.get().retired()) {
            articles.retire(community, docId, "admin:token");
            dev.guanjia.community.audit.AuditLog.anchor(audit);
            res.status(Status.NO_CONTENT_204).send();
        } else {
            error(res, Status.NOT_FOUND_404, "document_not_found", "没有这篇文档：" + docId);
        }
    }

    /** Constant-time comparison of the bearer token; no token configured means no changes at all. */
    private boolean authorized(ServerRequest req, ServerResponse res) {
        if (adminToken.isEmpty()) {
            error(res, Status.FORBIDDEN_403, "admin_disabled",
                    "document changes are disabled: set admin.token (GUANJIA_ADMIN_TOKEN) to enable them");
            return false;
        }
        String given = Authentication.bearer(req);
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                adminToken.getBytes(StandardCharsets.UTF_8))) {
            error(res, Status.UNAUTHORIZED_401, "unauthorized", "a valid admin bearer token is required");
            return false;
        }
        return true;
    }

    private static int parseK(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void error(ServerResponse res, Status status, String code, String message) {
        res.status(status).send(Map.of("error", code, "message", message));
    }
}
