package dev.guanjia.channels.media;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.session.Caller;
import dev.guanjia.ticketing.media.ResidentMedia;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Photos and voice residents sent, for staff only. Agents, supervisors and admins see everything of
 * their community; a technician sees what is attached to their orders and to orders open for taking.
 * The bytes are personal data: never cached by the browser or a proxy, never sniffed into HTML.
 * <pre>
 * curl -s -b guanjia_staff=$TOKEN localhost:8080/api/v1/media/17 -o photo.jpg
 * curl -s -b guanjia_staff=$TOKEN 'localhost:8080/api/v1/media?conversation=UUID'
 * </pre>
 */
public final class MediaService implements HttpService {

    private static final String[] STAFF = {"agent", "supervisor", "admin", "technician"};
    private static final String[] DESK = {"agent", "supervisor", "admin"};

    private final ResidentMedia media;
    private final Authentication auth;

    public MediaService(ResidentMedia media, Authentication auth) {
        this.media = media;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}", this::one);
    }

    /** The URL staff pages load a piece from. */
    public static String url(long id) {
        return "/api/v1/media/" + id;
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.requireStaff(req, res, DESK);
        if (caller.isEmpty()) {
            return;
        }
        String conversation = req.query().first("conversation").orElse("").strip();
        if (conversation.isEmpty() || conversation.length() > 64) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "conversation_missing",
                    "message", "请指定会话（conversation）。"));
            return;
        }
        List<Map<String, Object>> items = media.ofConversation(caller.get().communityId(), conversation).stream()
                .map(MediaService::view).toList();
        noStore(res);
        res.send(Map.of("media", items));
    }

    private void one(ServerRequest req, ServerResponse res) {
        Optional<Caller> caller = auth.requireStaff(req, res, STAFF);
        if (caller.isEmpty()) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(req.path().pathParameters().get("id"));
        } catch (NumberFormatException e) {
            notFound(res);
            return;
        }
        Caller me = caller.get();
        Optional<ResidentMedia.Content> found = media.content(me.communityId(), id)
                .filter(c -> me.hasRole(DESK) || c.workOrderId() != null
                        && (c.orderAssigneeId() != null && c.orderAssigneeId() == me.subjectId()
                        || "submitted".equals(c.orderStatus())));
        if (found.isEmpty()) {
            notFound(res);
            return;
        }
        ResidentMedia.Content c = found.get();
        boolean inline = c.contentType().startsWith("image/") || c.contentType().startsWith("audio/");
        noStore(res);
        res.header(HeaderNames.CONTENT_TYPE, c.contentType())
                .header(HeaderNames.create("X-Content-Type-Options"), "nosniff")
                .header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; sandbox")
                .header(HeaderNames.create("Content-Disposition"), (inline ? "inline" : "attachment")
                        + "; filename=\"" + c.kind() + "-" + c.id() + extension(c.contentType()) + "\"")
                .send(c.bytes());
    }

    private static void notFound(ServerResponse res) {
        res.status(Status.NOT_FOUND_404).send(Map.of("error", "not_found", "message", "没有找到这个文件。"));
    }

    /** Personal data: no copy in the browser's or any proxy's cache. */
    private static void noStore(ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "private, no-store, max-age=0")
                .header(HeaderNames.create("Pragma"), "no-cache");
    }

    private static Map<String, Object> view(ResidentMedia.Item m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("kind", m.kind());
        out.put("state", m.state());
        out.put("contentType", m.contentType());
        out.put("size", m.size());
        out.put("receivedAt", m.receivedAt() == null ? null : m.receivedAt().toString());
        out.put("attached", m.workOrderId() != null);
        out.put("url", "stored".equals(m.state()) ? url(m.id()) : null);
        return out;
    }

    private static String extension(String type) {
        return switch (type) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            case "audio/amr" -> ".amr";
            case "audio/mpeg" -> ".mp3";
            case "audio/ogg" -> ".ogg";
            default -> ".bin";
        };
    }
}
