package dev.guanjia.channels.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.knowledge.document.KbDocument;
import dev.guanjia.knowledge.editing.Article;
import dev.guanjia.knowledge.editing.ArticleDraft;
import dev.guanjia.knowledge.editing.ArticleRefusal;
import dev.guanjia.knowledge.editing.ArticleVersion;
import dev.guanjia.knowledge.editing.Articles;
import dev.guanjia.knowledge.editing.LineDiff;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The console's knowledge editor: agents read the articles, supervisors and admins write their
 * community's, admins the company-wide ones. Every save is a version (who, when), audited; the next
 * search answers from it. {scope} is "community" (the caller's community) or "company".
 * <pre>
 * curl -s -b guanjia_staff=$S 'localhost:8080/api/v1/console/knowledge?q=门禁'
 * curl -s -b guanjia_staff=$S localhost:8080/api/v1/console/knowledge/community/proc-card
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"docId":"pool","title":"游泳池开放时间",
 *      "category":"facilities","tags":["游泳池"],"body":"每天9点开放。"}' localhost:8080/api/v1/console/knowledge/community
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -X PUT -d '{"title":"…","category":"facilities",
 *      "body":"…","baseVersion":1}' localhost:8080/api/v1/console/knowledge/community/pool
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -X POST localhost:8080/api/v1/console/knowledge/community/pool/retire
 * curl -s -b guanjia_staff=$S -H "X-CSRF-Token: $C" -d '{"version":1}' localhost:8080/api/v1/console/knowledge/community/pool/rollback
 * curl -s -b guanjia_staff=$S 'localhost:8080/api/v1/console/knowledge/community/pool/diff?from=1&amp;to=2'
 * </pre>
 */
public final class ArticleService implements HttpService {

    static final String[] READERS = {"agent", "supervisor", "admin"};
    static final String[] WRITERS = {"supervisor", "admin"};
    /** Company-wide articles answer in every community: only an admin changes them. */
    static final String[] COMPANY_WRITERS = {"admin"};
    private static final int MAX_REQUEST = Articles.MAX_BODY * 4 + 16 * 1024;

    private final Articles articles;
    private final Authentication auth;

    public ArticleService(Articles articles, Authentication auth) {
        this.articles = articles;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/{scope}", this::create)
                .get("/{scope}/{doc}", this::one)
                .put("/{scope}/{doc}", this::edit)
                .post("/{scope}/{doc}/retire", this::retire)
                .post("/{scope}/{doc}/restore", this::restore)
                .post("/{scope}/{doc}/rollback", this::rollBack)
                .get("/{scope}/{doc}/diff", this::diff);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, READERS).ifPresent(me -> {
            String q = req.query().first("q").orElse("").strip().toLowerCase(Locale.ROOT);
            String only = req.query().first("scope").orElse("");
            List<Article> all = articles.list(me.communityId());
            Set<String> own = new java.util.HashSet<>();
            all.stream().filter(a -> a.communityId() != null).forEach(a -> own.add(a.docId()));
            LocalDate today = articles.today(me.communityId());
            List<Map<String, Object>> out = new ArrayList<>();
            for (Article a : all) {
                String scope = a.communityId() == null ? "company" : "community";
                if (!only.isEmpty() && !only.equals(scope) || !q.isEmpty() && !matches(a, q)) {
                    continue;
                }
                Map<String, Object> m = summary(a, today);
                // a company-wide article the community has its own version of is not what its residents hear
                m.put("overridden", a.communityId() == null && own.contains(a.docId()));
                out.add(m);
            }
            res.send(Map.of("communityId", me.communityId(), "articles", out, "categories", KbDocument.CATEGORIES,
                    "canWrite", me.hasRole(WRITERS), "canWriteCompany", me.hasRole(COMPANY_WRITERS)));
        });
    }

    private static boolean matches(Article a, String q) {
        return a.docId().toLowerCase(Locale.ROOT).contains(q) || a.title().toLowerCase(Locale.ROOT).contains(q)
                || a.body().toLowerCase(Locale.ROOT).contains(q)
                || a.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(q));
    }

    private void one(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, READERS).ifPresent(me -> {
            String community = scope(req, me);
            String doc = req.path().pathParameters().get("doc");
            Article a = articles.find(community, doc).orElseThrow(() -> notFound(doc));
            Map<String, Object> m = summary(a, articles.today(community));
            m.put("body", a.body());
            List<Map<String, Object>> versions = new ArrayList<>();
            for (ArticleVersion v : articles.versions(community, doc)) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("version", v.version());
                x.put("action", v.action());
                x.put("author", v.author());
                x.put("savedAt", v.savedAt().toString());
                x.put("title", v.title());
                x.put("retired", v.retired());
                x.put("fromVersion", v.fromVersion());
                versions.add(x);
            }
            m.put("versions", versions);
            res.send(m);
        });
    }

    private void create(ServerRequest req, ServerResponse res) {
        writer(req, res).ifPresent(w -> {
            JsonNode b = JsonBody.object(req.content().inputStream(), MAX_REQUEST);
            Article a = refusing(() -> articles.create(w.community(), b.path("docId").asText("").strip(), draft(b),
                    w.actor()));
            res.status(Status.CREATED_201).send(summary(a, articles.today(w.community())));
        });
    }

    private void edit(ServerRequest req, ServerResponse res) {
        writer(req, res).ifPresent(w -> {
            JsonNode b = JsonBody.object(req.content().inputStream(), MAX_REQUEST);
            Article a = refusing(() -> articles.edit(w.community(), w.doc(), draft(b), w.actor()));
            res.send(summary(a, articles.today(w.community())));
        });
    }

    private void retire(ServerRequest req, ServerResponse res) {
        writer(req, res).ifPresent(w -> res.send(summary(refusing(() -> articles.retire(w.community(), w.doc(),
                w.actor())), articles.today(w.community()))));
    }

    private void restore(ServerRequest req, ServerResponse res) {
        writer(req, res).ifPresent(w -> res.send(summary(refusing(() -> articles.restore(w.community(), w.doc(),
                w.actor())), articles.today(w.community()))));
    }

    private void rollBack(ServerRequest req, ServerResponse res) {
        writer(req, res).ifPresent(w -> {
            JsonNode b = JsonBody.object(req.content().inputStream(), 1024);
            if (!b.path("version").canConvertToInt() || b.path("version").asInt() < 1) {
                throw new Refusal(Refusal.Reason.INVALID, "version_missing", "give the version to roll back to");
            }
            int version = b.path("version").asInt();
            res.send(summary(refusing(() -> articles.rollBack(w.community(), w.doc(), version, w.actor())),
                    articles.today(w.community())));
        });
    }

    private void diff(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, READERS).ifPresent(me -> {
            String community = scope(req, me);
            String doc = req.path().pathParameters().get("doc");
            int from = number(req, "from");
            int to = number(req, "to");
            List<LineDiff.Line> lines = refusing(() -> articles.diff(community, doc, from, to));
            res.send(Map.of("from", from, "to", to, "lines", lines.stream()
                    .map(l -> {
                        // op first, always: Map.of's order is not fixed
                        Map<String, String> line = new java.util.LinkedHashMap<>();
                        line.put("op", String.valueOf(l.op()));
                        line.put("text", l.text());
                        return line;
                    }).toList()));
        });
    }

    private record Writer(String community, String doc, String actor) {
    }

    /** A caller who may change articles of the path's scope, or a 401/403 answer and empty. */
    private Optional<Writer> writer(ServerRequest req, ServerResponse res) {
        boolean company = "company".equals(req.path().pathParameters().get("scope"));
        Optional<Caller> me = auth.requireStaff(req, res, company ? COMPANY_WRITERS : WRITERS);
        if (me.isEmpty()) {
            return Optional.empty();
        }
        String community = scope(req, me.get());
        String doc = req.path().pathParameters().contains("doc") ? req.path().pathParameters().get("doc") : null;
        return Optional.of(new Writer(community, doc, "staff:" + me.get().code()));
    }

    /** The community of the path's scope: the caller's for "community", null for "company". */
    private static String scope(ServerRequest req, Caller me) {
        return switch (req.path().pathParameters().get("scope")) {
            case "community" -> me.communityId();
            case "company" -> null;
            default -> throw new Refusal(Refusal.Reason.NOT_FOUND, "scope_unknown",
                    "scope must be 'community' or 'company'");
        };
    }

    private static Map<String, Object> summary(Article a, LocalDate today) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", a.communityId() == null ? "company" : "community");
        m.put("docId", a.docId());
        m.put("title", a.title());
        m.put("category", a.category());
        m.put("tags", a.tags());
        m.put("validFrom", a.validFrom() == null ? null : a.validFrom().toString());
        m.put("validUntil", a.validUntil() == null ? null : a.validUntil().toString());
        m.put("state", a.retired() ? "retired" : a.answeredOn(today) ? "current"
                : a.validFrom() != null && today.isBefore(a.validFrom()) ? "scheduled" : "expired");
        m.put("version", a.version());
        m.put("savedAt", a.savedAt().toString());
        m.put("source", a.sourceFile());
        return m;
    }

    private static ArticleDraft draft(JsonNode b) {
        List<String> tags = new ArrayList<>();
        JsonNode t = b.path("tags");
        if (t.isArray()) {
            t.forEach(x -> tags.add(x.asText()));
        } else if (t.isTextual()) {
            for (String x : t.asText().split("[,，、\\s]+")) {
                tags.add(x);
            }
        }
        JsonNode base = b.path("baseVersion");
        return new ArticleDraft(b.path("title").asText(""), b.path("category").asText(""), tags,
                b.path("body").asText(""), date(b, "validFrom"), date(b, "validUntil"),
                base.canConvertToInt() ? base.asInt() : null);
    }

    private static LocalDate date(JsonNode b, String field) {
        String s = b.path(field).asText("").strip();
        if (s.isEmpty() || "null".equals(s)) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new Refusal(Refusal.Reason.INVALID, "date_invalid", field + " must be a date like 2026-12-03");
        }
    }

    private static int number(ServerRequest req, String name) {
        try {
            return Integer.parseInt(req.query().first(name).orElse("").strip());
        } catch (NumberFormatException e) {
            throw new Refusal(Refusal.Reason.INVALID, "version_missing", name + " must be a version number");
        }
    }

    private static Refusal notFound(String doc) {
        return new Refusal(Refusal.Reason.NOT_FOUND, "article_not_found", "no article '" + doc + "' here");
    }

    /** The knowledge module's refusals answered like every other refusal (status, code, message). */
    private static <T> T refusing(Supplier<T> change) {
        try {
            return change.get();
        } catch (ArticleRefusal e) {
            throw new Refusal(switch (e.kind()) {
                case NOT_FOUND -> Refusal.Reason.NOT_FOUND;
                case INVALID -> Refusal.Reason.INVALID;
                case CONFLICT -> Refusal.Reason.CONFLICT;
            }, e.code(), e.getMessage());
        }
    }
}
