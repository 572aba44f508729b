package dev.guanjia.channels.unanswered;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.desk.unanswered.ExampleQuestions;
import dev.guanjia.desk.unanswered.UnansweredQuestions;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.document.KbDocument;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Unanswered questions in the console, grouped by meaning and ranked; the desk reads them,
 * supervisors and admins act on a group: add its question to an article (under 常见问法), save the
 * draft a person's replies make as an article, or set it aside. Each action marks the group handled.
 * Articles change through {@link KnowledgeBase#put}, so the next search sees them.
 * <pre>
 * curl -s -b guanjia_staff=$S localhost:8080/api/v1/console/unanswered
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"docId":"fee-parking"}' localhost:8080/api/v1/console/unanswered/12/example
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"title":"…","body":"…","category":"facilities"}' \
 *      localhost:8080/api/v1/console/unanswered/12/article
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{}' localhost:8080/api/v1/console/unanswered/12/dismiss
 * </pre>
 */
public final class UnansweredService implements HttpService {

    static final String[] READERS = {"agent", "supervisor", "admin"};
    static final String[] EDITORS = {"supervisor", "admin"};
    private static final int MAX_BODY = 64 * 1024;

    private final UnansweredQuestions unanswered;
    private final KnowledgeBase knowledge;
    private final dev.guanjia.knowledge.editing.Articles articles;
    private final Authentication auth;
    private final Clock clock;
    private final Function<String, ZoneId> zones;

    /** @param articles where articles are saved, each save a version (who, when) like an edit in the console */
    public UnansweredService(UnansweredQuestions unanswered, KnowledgeBase knowledge,
                             dev.guanjia.knowledge.editing.Articles articles, Authentication auth, Clock clock,
                             Function<String, ZoneId> zones) {
        this.unanswered = unanswered;
        this.knowledge = knowledge;
        this.articles = articles;
        this.auth = auth;
        this.clock = clock;
        this.zones = zones;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{id}/example", this::example)
                .post("/{id}/article", this::article)
                .post("/{id}/dismiss", this::dismiss);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, READERS).ifPresent(me -> {
            List<Map<String, Object>> groups = new ArrayList<>();
            for (UnansweredQuestions.Group g : unanswered.groups(me.communityId())) {
                groups.add(view(g));
            }
            List<Map<String, String>> articles = new ArrayList<>();
            for (KbDocument d : knowledge.documents(me.communityId())) {
                articles.add(Map.of("docId", d.id(), "title", d.title()));
            }
            res.send(Map.of("groups", groups, "articles", articles, "categories", KbDocument.CATEGORIES,
                    "canEdit", me.hasRole(EDITORS)));
        });
    }

    /** Adds a question of the group (the newest, or the one chosen) to an article and marks the group handled. */
    private void example(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, EDITORS);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b = JsonBody.object(req.content().inputStream(), MAX_BODY);
        String community = me.get().communityId();
        UnansweredQuestions.Group g = group(community, req);
        String docId = b.path("docId").asText("").strip();
        KbDocument d = knowledge.document(community, docId).orElseThrow(() -> new Refusal(Refusal.Reason.NOT_FOUND,
                "article_not_found", "没有找到这篇文章：" + docId));
        String question = b.path("question").asText("").strip();
        if (question.isEmpty()) {
            question = g.examples().get(0).question();
        }
        // a company-wide article becomes this community's version (which wins in its search), so one
        // community's wordings do not change the others'
        KbDocument updated = ExampleQuestions.add(d, question, today(community));
        put(community, updated, me.get().actor(), "edited");
        int handled = unanswered.handle(community, g.memberIds(), me.get().actor(), "example:" + docId);
        res.send(Map.of("docId", docId, "question", question, "handled", handled));
    }

    /** Saves an article (the draft from a person's replies, as edited) and marks the group handled. */
    private void article(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, EDITORS);
        if (me.isEmpty()) {
            return;
        }
        JsonNode b = JsonBody.object(req.content().inputStream(), MAX_BODY);
        String community = me.get().communityId();
        UnansweredQuestions.Group g = group(community, req);
        UnansweredQuestions.Draft draft = g.draft();
        String title = b.path("title").asText(draft == null ? "" : draft.title()).strip();
        String body = b.path("body").asText(draft == null ? "" : draft.body()).strip();
        String category = b.path("category").asText("procedures").strip();
        if (title.isEmpty() || body.isEmpty()) {
            throw new Refusal(Refusal.Reason.INVALID, "article_empty", "请填写文章标题和正文。");
        }
        if (title.length() > 200 || body.length() > 32 * 1024) {
            throw new Refusal(Refusal.Reason.INVALID, "article_too_long", "标题不超过200字，正文不超过32000字。");
        }
        if (!KbDocument.CATEGORIES.contains(category)) {
            throw new Refusal(Refusal.Reason.INVALID, "article_category", "请选择文章类别：" + KbDocument.CATEGORIES);
        }
        String docId = b.path("docId").asText("").strip();
        if (docId.isEmpty()) {
            docId = "faq-" + g.id();
        } else if (!docId.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new Refusal(Refusal.Reason.INVALID, "article_id", "文章编号只能用小写字母、数字和连字符。");
        }
        if (knowledge.document(community, docId).isPresent()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "article_exists", "已有编号为 " + docId + " 的文章，请换一个编号。");
        }
        put(community, new KbDocument(docId, title, category, List.of(), today(community), body,
                "console/unanswered/" + g.id()), me.get().actor(), "created");
        int handled = unanswered.handle(community, g.memberIds(), me.get().actor(), "article:" + docId);
        res.status(Status.CREATED_201).send(Map.of("docId", docId, "title", title, "handled", handled));
    }

    private void dismiss(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.requireStaff(req, res, EDITORS);
        if (me.isEmpty()) {
            return;
        }
        String community = me.get().communityId();
        UnansweredQuestions.Group g = group(community, req);
        res.send(Map.of("handled", unanswered.handle(community, g.memberIds(), me.get().actor(), "dismissed")));
    }

    private void put(String community, KbDocument d, String author, String action) {
        articles.put(community, d.id(), new dev.guanjia.knowledge.editing.ArticleDraft(d.title(), d.category(),
                d.tags(), d.body(), null, null, null), author, action, d.sourceFile());
    }

    private UnansweredQuestions.Group group(String community, ServerRequest req) {
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
        return unanswered.groupOf(community, id).orElseThrow(UnansweredService::notFound);
    }

    private static Refusal notFound() {
        return new Refusal(Refusal.Reason.NOT_FOUND, "group_not_found", "没有找到这组问题，可能已被处理。");
    }

    private LocalDate today(String community) {
        return LocalDate.now(clock.withZone(zones.apply(community)));
    }

    private static Map<String, Object> view(UnansweredQuestions.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("count", g.count());
        m.put("latest", g.latest().toString());
        m.put("kinds", g.kinds());
        List<Map<String, Object>> examples = new ArrayList<>();
        for (UnansweredQuestions.Question q : g.examples()) {
            examples.add(Map.of("question", q.question(), "answer", q.answer(), "at", q.at().toString(),
                    "kind", q.kind().name().toLowerCase(java.util.Locale.ROOT)));
        }
        m.put("examples", examples);
        String question = g.examples().get(0).question();
        // the console's article editor opens with the question filled in
        m.put("writeArticle", "/console/knowledge.html?new=1&question="
                + URLEncoder.encode(question, StandardCharsets.UTF_8).replace("+", "%20"));
        if (g.draft() != null) {
            m.put("draft", Map.of("title", g.draft().title(), "body", g.draft().body()));
        }
        return m;
    }
}
