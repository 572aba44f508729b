package dev.guanjia.channels;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.community.CommunityService;
import dev.guanjia.channels.health.HealthProbe;
import dev.guanjia.channels.health.HealthService;
import dev.guanjia.channels.home.HomePage;
import dev.guanjia.community.directory.CommunityDirectory;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.ticketing.workorder.OpenWorkOrders;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelsHttpTest {

    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        DataSource db = TestDatabase.fresh("community", "ticketing");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // Names come from packs written by people: they must be shown, never executed.
            s.execute("INSERT INTO communities VALUES ('evil', '<script>alert(1)</script>花园', '市', '路', "
                    + "'\"><img src=x>', '2', '全天', now())");
        }
        CommunityDirectory directory = new CommunityDirectory(db);
        HealthProbe probe = () -> new HealthProbe.Result("database", databaseUp.get(), databaseUp.get() ? "up" : "down");
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.register("/health", new HealthService(List.of(probe)))
                        .register("/api/v1/communities", new CommunityService(directory, new OpenWorkOrders(db),
                                new Authentication(new Sessions(db, dev.guanjia.community.privacy.PersonalData.ephemeral()), Clock.systemUTC())))
                        .register("/", new HomePage(directory, "test", List.of(
                                new HomePage.Link("/health", "/health", "健康")))))
                .build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIs503WhenAProbeIsDown() throws Exception {
        assertEquals(200, get("/health").statusCode());
        databaseUp.set(false);
        HttpResponse<String> down = get("/health");
        assertEquals(503, down.statusCode());
        assertTrue(down.body().contains("\"status\":\"DOWN\""), down.body());
    }

    @Test
    void landingPageEscapesWhatPacksSay() throws Exception {
        String body = get("/").body();
        assertFalse(body.contains("<script>alert(1)</script>"));
        assertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;花园"));
        assertFalse(body.contains("\"><img src=x>"));
    }

    @Test
    void communityJsonShowsNoCountsWithoutAStaffSession() throws Exception {
        HttpResponse<String> r = get("/api/v1/communities/evil");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"servicePhone\""), r.body());
        assertFalse(r.body().contains("counts"), r.body());
        assertFalse(r.body().contains("residents"), r.body());
        assertFalse(get("/api/v1/communities").body().contains("openWorkOrders"));
        assertTrue(r.headers().firstValue("content-type").orElse("").contains("json"));
    }
}
