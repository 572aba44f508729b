package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Importing a Word handbook over real HTTP: the preview, a confirmation that leaves one part out and
 * renames another, the articles found by the next search; an encrypted, an oversize (the setting
 * lowered to 1 MB) and a mislabelled file refused with nothing stored.
 */
class KnowledgeImportApiTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static String supervisor;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1", "GUANJIA_KNOWLEDGE_IMPORT_MAX_MB", "1"), workDir)), (phone, text) -> { });
        supervisor = new Sessions(server.dataSource(), server.personalData())
                .open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> upload(String name, byte[] content) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/console/knowledge-import?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + supervisor)
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + supervisor)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> storedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT doc_id FROM kb_documents WHERE source_file LIKE 'import:%' ORDER BY doc_id")) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    @Test
    void aHandbookIsPreviewedConfirmedInPartAndSearchableAtOnce() throws Exception {
        HttpResponse<String> up = upload("锦绣园业主手册.docx", HandbookDocx.make());
        assertEquals(200, up.statusCode(), up.body());
        JsonNode preview = json.readTree(up.body());
        List<String> titles = new ArrayList<>();
        preview.get("articles").forEach(a -> titles.add(a.get("title").asText()));
        assertEquals(List.of("快递与包裹", "宠物管理", "收费标准"), titles);
        assertTrue(storedIds().isEmpty(), "nothing is stored before the staff confirm");

        String id = preview.get("preview").asText();
        HttpResponse<String> ok = send("POST", "/api/v1/console/knowledge-import/" + id + "/confirm",
                "{\"articles\":[{\"index\":1,\"title\":\"快递柜和大件包裹\"},{\"index\":3,\"title\":\"收费标准\"}]}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(List.of("jxyyzsc-01", "jxyyzsc-03"), storedIds(), "the unticked part is not stored");

        JsonNode found = json.readTree(send("GET", "/api/v1/knowledge/search?community=cuihu&k=3&q="
                + URLEncoder.encode("大件包裹放哪里领", StandardCharsets.UTF_8), null).body());
        assertFalse(found.get("abstained").asBoolean(), found.toString());
        assertEquals("快递柜和大件包裹", found.get("hits").get(0).get("title").asText(), "renamed as confirmed");
        assertTrue(found.get("passages").toString().contains("门岗"), found.toString());
        JsonNode pool = json.readTree(send("GET", "/api/v1/knowledge/search?community=cuihu&k=3&q="
                + URLEncoder.encode("游泳池季卡多少钱", StandardCharsets.UTF_8), null).body());
        assertTrue(pool.get("passages").toString().contains("项目：游泳池季卡；标准：360元/人"), pool.toString());

        assertEquals(404, send("POST", "/api/v1/console/knowledge-import/" + id + "/confirm",
                "{\"articles\":[{\"index\":2}]}").statusCode(), "a preview is confirmed once");
    }

    @Test
    void encryptedOversizeAndMislabelledFilesAreRefusedWithAReasonAndNothingStored() throws Exception {
        List<String> before = storedIds();
        HttpResponse<String> encrypted = upload("手册.docx", HandbookDocx.encrypted());
        assertEquals(422, encrypted.statusCode());
        JsonNode e = json.readTree(encrypted.body());
        assertEquals("encrypted", e.get("error").asText());
        assertTrue(e.get("message").asText().contains("密码"), "a Chinese sentence for the page");
        assertTrue(e.get("detail").asText().contains("password"), "an English one for the operator");

        byte[] big = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> tooLarge = upload("大文件.txt", big);
        assertEquals(413, tooLarge.statusCode());
        assertTrue(json.readTree(tooLarge.body()).get("detail").asText().contains("1.0 MB"), tooLarge.body());

        HttpResponse<String> renamed = upload("价目表.xlsx", HandbookDocx.make());
        assertEquals(415, renamed.statusCode());
        assertTrue(json.readTree(renamed.body()).get("detail").asText().contains("Word"), renamed.body());
        assertEquals(before, storedIds());
    }
}
