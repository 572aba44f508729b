package dev.guanjia.channels.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.json.JsonBody;
import dev.guanjia.community.refusal.Refusal;
import dev.guanjia.community.session.Caller;
import dev.guanjia.desk.conversation.ConversationLog;
import dev.guanjia.desk.feedback.AnswerFeedback;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Residents' 👍/👎 on the bot's knowledge answers. In the web chat the resident's own conversation
 * (their session, or a visitor's unguessable conversation id) names the answer; on WeChat the
 * answer carries a short link to /chat/feedback.html naming the follower's message it answers, with a
 * key (a keyed hash of that message's id) standing for the follower, so nothing more is stored.
 * <pre>
 * curl -s -d '{"conversationId":"…","helpful":false}' localhost:8080/api/v1/feedback/answers/42
 * curl -s 'localhost:8080/api/v1/feedback/links/42?k=KEY'
 * curl -s -d '{"k":"KEY","helpful":true}' localhost:8080/api/v1/feedback/links/42
 * </pre>
 */
public final class FeedbackService implements HttpService {

    private static final int MAX_BODY = 4 * 1024;

    private final AnswerFeedback feedback;
    private final ConversationLog log;
    private final Authentication auth;
    private final LongFunction<String> linkKey;

    /** @param linkKey the key of a WeChat feedback link, from the id of the resident's message */
    public FeedbackService(AnswerFeedback feedback, ConversationLog log, Authentication auth, LongFunction<String> linkKey) {
        this.feedback = feedback;
        this.log = log;
        this.auth = auth;
        this.linkKey = linkKey;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/answers/{id}", this::vote)
                .get("/links/{id}", this::linked)
                .post("/links/{id}", this::voteByLink);
    }

    private void vote(ServerRequest req, ServerResponse res) {
        long id = id(req);
        JsonNode b = JsonBody.object(req.content().inputStream(), MAX_BODY);
        UUID conversation = conversation(b.path("conversationId").asText(""));
        // a signed-in resident's own conversation, or an anonymous visitor's by its id
        Optional<Caller> caller = auth.caller(req).filter(Caller::isResident);
        String user = caller.map(Caller::code).orElse("anonymous");
        boolean owns = log.owner(conversation).filter(o -> "web".equals(o.channel()))
                .filter(o -> caller.isEmpty() || o.communityId().equals(caller.get().communityId()))
                .filter(o -> o.channelUser().equals(user)).isPresent();
        if (!owns) {
            throw notFound();
        }
        feedback.vote(conversation, id, helpful(b));
        res.send(Map.of("answerId", id, "helpful", helpful(b)));
    }

    private void linked(ServerRequest req, ServerResponse res) {
        AnswerFeedback.Answer a = byLink(id(req), req.query().first("k").orElse(""));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answerId", a.messageId());
        out.put("question", a.question());
        out.put("answer", a.text());
        out.put("helpful", feedback.voteOf(a.messageId()).orElse(null));
        res.send(out);
    }

    private void voteByLink(ServerRequest req, ServerResponse res) {
        long id = id(req);
        JsonNode b = JsonBody.object(req.content().inputStream(), MAX_BODY);
        AnswerFeedback.Answer a = byLink(id, b.path("k").asText(""));
        feedback.vote(a.conversation(), a.messageId(), helpful(b));
        res.send(Map.of("answerId", a.messageId(), "helpful", helpful(b)));
    }

    private AnswerFeedback.Answer byLink(long id, String key) {
        if (!MessageDigest.isEqual(linkKey.apply(id).getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8))) {
            throw notFound();
        }
        return feedback.answerTo(id).orElseThrow(FeedbackService::notFound);
    }

    private static boolean helpful(JsonNode b) {
        JsonNode h = b.path("helpful");
        if (!h.isBoolean()) {
            throw new Refusal(Refusal.Reason.INVALID, "helpful_missing", "请选择“有用”或“没用”。");
        }
        return h.asBoolean();
    }

    private static UUID conversation(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static long id(ServerRequest req) {
        try {
            return Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static Refusal notFound() {
        return new Refusal(Refusal.Reason.NOT_FOUND, "answer_not_found", "没有找到这条回答。");
    }
}
