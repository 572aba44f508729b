package dev.guanjia.channels.residentdata;

import dev.guanjia.desk.privacy.ResidentData;
import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.community.session.Caller;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * A signed-in resident's own data: a JSON copy of everything held about them, and erasure.
 * <pre>
 * curl -s -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/me/export
 * curl -s -H "Authorization: Bearer $TOKEN" -d '{"confirm":true}' localhost:8080/api/v1/me/erasure
 * </pre>
 */
public final class ResidentDataService implements HttpService {

    private final ResidentData data;
    private final Authentication auth;

    public ResidentDataService(ResidentData data, Authentication auth) {
        this.data = data;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/export", this::export)
                .post("/erasure", this::erase);
    }

    private Optional<Caller> resident(ServerRequest req, ServerResponse res) {
        Optional<Caller> me = auth.require(req, res);
        if (me.isPresent() && !me.get().isResident()) {
            res.status(Status.FORBIDDEN_403).send(Map.of("error", "residents_only",
                    "message", "只有住户本人可以导出或删除自己的数据。"));
            return Optional.empty();
        }
        return me;
    }

    private void export(ServerRequest req, ServerResponse res) throws SQLException {
        Optional<Caller> me = resident(req, res);
        if (me.isPresent()) {
            // a copy of someone's personal data: no browser or proxy may keep it
            res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\"")
                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                    .header(HeaderNames.create("Pragma"), "no-cache")
                    .send(data.export(me.get()));
        }
    }

    private void erase(ServerRequest req, ServerResponse res) throws Exception {
        Optional<Caller> me = resident(req, res);
        if (me.isEmpty()) {
            return;
        }
        String body = new String(req.content().inputStream().readNBytes(1024), java.nio.charset.StandardCharsets.UTF_8);
        if (!body.replace(" ", "").contains("\"confirm\":true")) {
            res.status(Status.BAD_REQUEST_400).send(Map.of("error", "confirm_missing",
                    "message", "删除后对话、通话和登录记录无法恢复。确认删除请提交 {\"confirm\": true}。"
                            + "账单、房屋登记和工单的办理记录按规定保留。"));
            return;
        }
        int n = data.erase(me.get());
        res.send(Map.of("erased", true, "conversations", n,
                "message", "已删除您的对话、通话和登录记录及微信绑定，清除了您在工单中填写的内容，并退出登录。"
                        + "账单、房屋登记和工单的办理记录（类别、状态、时间）按规定保留。"));
    }
}
