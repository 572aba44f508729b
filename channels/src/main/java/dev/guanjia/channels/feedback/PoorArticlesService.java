package dev.guanjia.channels.feedback;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.desk.feedback.AnswerFeedback;
import dev.guanjia.knowledge.KnowledgeBase;
import dev.guanjia.knowledge.document.KbDocument;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's list of articles residents found unhelpful (as many 👎 as 👍 or more) in the last
 * days, for supervisors and admins.
 * <pre>curl -s -b guanjia_staff=$S 'localhost:8080/api/v1/dashboard/feedback?days=30'</pre>
 */
public final class PoorArticlesService implements HttpService {

    private final AnswerFeedback feedback;
    private final KnowledgeBase knowledge;
    private final Authentication auth;

    public PoorArticlesService(AnswerFeedback feedback, KnowledgeBase knowledge, Authentication auth) {
        this.feedback = feedback;
        this.knowledge = knowledge;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.requireStaff(req, res, "supervisor", "admin").ifPresent(me -> {
            int days;
            try {
                days = Math.max(1, Math.min(366, Integer.parseInt(req.query().first("days").orElse("30"))));
            } catch (NumberFormatException e) {
                days = 30;
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (AnswerFeedback.ArticleVotes v : feedback.poorArticles(me.communityId(), days)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("docId", v.docId());
                m.put("title", knowledge.document(me.communityId(), v.docId()).map(KbDocument::title).orElse(v.docId()));
                m.put("helpful", v.helpful());
                m.put("unhelpful", v.unhelpful());
                m.put("unhelpfulShare", Math.round(v.unhelpfulShare() * 1000) / 1000.0);
                out.add(m);
            }
            res.send(Map.of("days", days, "articles", out));
        });
    }
}
