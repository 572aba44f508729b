package dev.guanjia.channels.home;

import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.directory.CommunitySummary;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/**
 * The landing page at {@code /}: what is running, which communities it serves, where to go next.
 * <pre>curl -s localhost:8080/</pre>
 */
public final class HomePage implements HttpService {

    /** A page or API the running service offers, listed on the landing page. */
    public record Link(String href, String title, String description) {
    }

    private final CommunityDirectory directory;
    private final String version;
    private final List<Link> links;

    public HomePage(CommunityDirectory directory, String version, List<Link> links) {
        this.directory = directory;
        this.version = version;
        this.links = List.copyOf(links);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page);
    }

    private void page(ServerRequest req, ServerResponse res) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="zh-CN"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>管家 Guanjia 物业智能客服</title>
                <style>
                body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:46rem;margin:2rem auto;
                padding:0 1rem;line-height:1.6;color:#1d2733}
                h1{font-size:1.6rem;margin-bottom:.2rem} .sub{color:#5b6b7b;margin-top:0}
                table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #dde3ea;padding:.4rem;text-align:left}
                a{color:#0b63c4} code{background:#f1f4f7;padding:0 .3rem}
                </style></head><body>
                <h1>管家 Guanjia</h1>
                <p class="sub">物业智能客服 · self-hosted service desk for property management · version\s""");
        html.append(escape(version)).append("</p>\n<h2>服务中的小区 Communities</h2>\n");
        List<CommunitySummary> communities = directory.list();
        if (communities.isEmpty()) {
            html.append("<p>还没有导入小区。No community imported yet: run <code>java -jar app/target/guanjia.jar "
                    + "import --pack DIR</code>.</p>\n");
        } else {
            html.append("<table><tr><th>小区</th><th>城市</th><th>楼栋</th><th>房屋</th><th>服务电话</th></tr>\n");
            for (CommunitySummary c : communities) {
                html.append("<tr><td><a href=\"/api/v1/communities/").append(escape(c.id())).append("\">")
                        .append(escape(c.name())).append("</a></td><td>").append(escape(c.city()))
                        .append("</td><td>").append(c.buildings()).append("</td><td>").append(c.houses())
                        .append("</td><td>") // how many residents is for staff only
                        .append(escape(c.servicePhone())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<h2>入口 What is here</h2>\n<ul>\n");
        for (Link l : links) {
            html.append("<li><a href=\"").append(escape(l.href())).append("\">").append(escape(l.title()))
                    .append("</a> — ").append(escape(l.description())).append("</li>\n");
        }
        html.append("</ul>\n</body></html>\n");
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8").send(html.toString());
    }

    /** Community names come from packs, so they are escaped like any other outside text. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
