package dev.guanjia.channels;

import dev.guanjia.channels.auth.Authentication;
import dev.guanjia.channels.errors.Refusals;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.testkit.TestDatabase;
import dev.guanjia.testkit.TwoHouseholds;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import dev.guanjia.community.privacy.PersonalData;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The services' tests share this: a real PostgreSQL with the two households of {@link TwoHouseholds}
 * plus console staff (a2 agent, s1 supervisor) and a second community's agent x1 (c2), and a real
 * web server on a random port whose routing has the one refusal handler, as the product's has.
 */
public final class ServedEstate implements AutoCloseable {

    public final DataSource db = TestDatabase.fresh("community", "knowledge", "ticketing", "desk", "bot");
    public final PersonalData personalData = PersonalData.ephemeral();
    public final Sessions sessions = new Sessions(db, personalData);
    public final Authentication auth = new Authentication(sessions, Clock.systemUTC());
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    public ServedEstate() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            TwoHouseholds.insert(c);
            s.execute("INSERT INTO communities VALUES ('c2', '别苑', '市', '路', '1', '2', '全天', now())");
            s.execute("INSERT INTO staff (community_id, code, name, role) VALUES ('c1', 'a2', '小王', 'agent'), "
                    + "('c1', 's1', '张主管', 'supervisor'), ('c2', 'x1', '外人', 'agent')");
        }
    }

    /** Starts the server with these routes behind the one refusal handler. */
    public ServedEstate serve(Consumer<HttpRouting.Builder> routes) {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
            Refusals.register(r);
            routes.accept(r);
        }).build().start();
        return this;
    }

    public String staff(String community, String code) {
        return sessions.open(community, Caller.Kind.STAFF, code, Duration.ofHours(1));
    }

    public String resident(String code) {
        return sessions.open("c1", Caller.Kind.RESIDENT, code, Duration.ofHours(1));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(request(path, token).POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
