package dev.guanjia.channels.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.knowledge.editing.ArticleDraft;
import dev.guanjia.knowledge.editing.Articles;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.importing.DocumentImport;
import dev.guanjia.knowledge.importing.ImportRefusal;
import dev.guanjia.knowledge.importing.PendingImports;
import dev.guanjia.knowledge.importing.ProposedArticle;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Importing office documents into the knowledge base from the console (supervisors and admins):
 * the file is read into proposed articles and shown, and only the articles the staff confirm —
 * perhaps renamed — are stored, searchable at once. A refused file stores nothing.
 * <pre>
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" --data-binary @handbook.docx \
 *      'localhost:8080/api/v1/console/knowledge-import?name=handbook.docx'
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"articles":[{"index":1,"title":"物业服务费"}]}' \
 *      localhost:8080/api/v1/console/knowledge-import/$PREVIEW/confirm
 * </pre>
 */
public final class KnowledgeImportService implements HttpService {

    private static final Logger LOG = Logger.getLogger(KnowledgeImportService.class.getName());
    static final String[] IMPORTERS = {"supervisor", "admin"};
    private static final int MAX_CONFIRM = 64 * 1024;
    private static final int MAX_TITLE = 100;

    private final Articles articles;
    private final DocumentImport importer;
    private final PendingImports pending;
    private final Authentication auth;
    private final Clock clock;

    /** @param articles the articles saved, each import a version (who, when) like an edit in the console */
    public KnowledgeImportService(Articles articles, DocumentImport importer, PendingImports pending,
                                  Authentication auth, Clock clock) {
        this.articles = articles;
        this.importer = importer;
        this.pending = pending;
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::upload)
                .post("/{preview}/confirm", this::confirm);
    }

    private void upload(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Caller> me = auth.requireStaff(req, res, IMPORTERS);
        if (me.isEmpty()) {
            return;
        }
        String name = req.query().first("name").orElse("").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw new Refusal(Refusal.Reason.INVALID, "name_missing", "请选择要导入的文件。");
        }
        DocumentImport.Preview preview;
        try (InputStream in = req.content().inputStream()) {
            byte[] raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, importer.maxBytes() + 1));
            preview = importer.preview(name, raw);
        } catch (ImportRefusal r) {
            refuse(res, me.get(), name, r);
            return;
        }
        String id = pending.hold(me.get().communityId(), me.get().code(), preview);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("preview", id);
        body.put("file", preview.fileName());
        body.put("kind", preview.kind().label());
        body.put("warnings", preview.warnings());
        body.put("categories", KbDocument.CATEGORIES);
        List<Map<String, Object>> articles = new ArrayList<>();
        for (ProposedArticle a : preview.articles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", a.index());
            m.put("docId", a.docId());
            m.put("title", a.title());
            m.put("category", a.category());
            m.put("tags", a.tags());
            m.put("body", a.body());
            m.put("replaces", this.articles.find(me.get().communityId(), a.docId()).isPresent());
            articles.add(m);
        }
        body.put("articles", articles);
        res.send(body);
    }

    private void refuse(ServerResponse res, Caller me, String name, ImportRefusal r) {
        LOG.info(() -> "knowledge import refused for " + me.communityId() + "/" + me.code() + ": " + r.reason().code()
                + ": " + r.getMessage());
        Status status = switch (r.reason()) {
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE_413;
            case WRONG_TYPE -> Status.UNSUPPORTED_MEDIA_TYPE_415;
            default -> Status.create(422, "Unprocessable Content");
        };
        res.status(status).send(Map.of("error", r.reason().code(), "message", r.chinese(), "detail", r.getMessage(),
                "file", name));
    }

    private void confirm(ServerRequest req, ServerResponse res) throws IOException {
        Optional<Caller> me = auth.requireStaff(req, res, IMPORTERS);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b = JsonBody.object(req.content().inputStream(), MAX_CONFIRM);
        String id = req.path().pathParameters().get("preview");
        DocumentImport.Preview preview = pending.find(id, me.get().communityId(), me.get().code()).orElseThrow(() ->
                new Refusal(Refusal.Reason.NOT_FOUND, "preview_expired", "预览已过期，请重新上传文件。"));
        Map<Integer, ProposedArticle> byIndex = new LinkedHashMap<>();
        preview.articles().forEach(a -> byIndex.put(a.index(), a));
        List<ProposedArticle> chosen = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JsonNode n : b.path("articles")) {
            ProposedArticle a = byIndex.get(n.path("index").asInt(-1));
            if (a == null || !seen.add(a.index())) {
                throw new Refusal(Refusal.Reason.INVALID, "article_unknown", "勾选的文章不在预览里，请刷新后重试。");
            }
            String title = n.path("title").asText(a.title()).strip();
            if (title.isEmpty() || title.length() > MAX_TITLE) {
                throw new Refusal(Refusal.Reason.INVALID, "title_invalid", "文章标题不能为空，也不能超过" + MAX_TITLE + "字。");
            }
            String category = n.path("category").asText(a.category());
            if (!KbDocument.CATEGORIES.contains(category)) {
                throw new Refusal(Refusal.Reason.INVALID, "category_invalid", "文章类别不正确。");
            }
            chosen.add(a.withTitle(title).withCategory(category));
        }
        if (chosen.isEmpty()) {
            throw new Refusal(Refusal.Reason.INVALID, "nothing_chosen", "请至少勾选一篇文章。");
        }
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai")));
        List<Map<String, Object>> saved = new ArrayList<>();
        for (ProposedArticle a : chosen) {
            dev.guanjia.knowledge.document.KbDocument d = a.toDocument(today, preview.fileName());
            // versioned and audited (knowledge.article_imported) in the save's own transaction
            articles.put(me.get().communityId(), d.id(), new ArticleDraft(d.title(), d.category(), d.tags(), d.body(),
                    null, null, null), "staff:" + me.get().code(), "imported", d.sourceFile());
            saved.add(Map.of("docId", a.docId(), "title", a.title()));
        }
        pending.release(id);
        res.send(Map.of("saved", saved));
    }
}
