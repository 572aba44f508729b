package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.staff.StaffAccounts;
import dev.guanjia.ticketing.media.ResidentMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The technician's page in headless Chromium shows the photo the resident sent, loaded with the staff cookie. */
class TechPhotoBrowserTest {

    @TempDir
    Path workDir;

    private GuanjiaServer server;
    private WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theTechniciansCardShowsTheResidentsPhoto() throws Exception {
        browser = Chromium.start("420,900");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)));
        // a photo the resident sent before describing the problem, already downloaded
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(5, 5, 0xcc3333);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        ResidentMedia media = new ResidentMedia(server.dataSource(), Clock.systemUTC());
        long residentId;
        try (Connection c = server.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM residents WHERE community_id = 'cuihu' AND code = 'c04'")) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                residentId = rs.getLong(1);
            }
        }
        long id = media.receive("cuihu", "wechat", "PHOTO-BROWSER", "image", residentId, null);
        media.stored(id, png.toByteArray(), "image/png");

        String resident = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.RESIDENT, "c04",
                Duration.ofHours(1));
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.port() + "/api/v1/work-orders"))
                .header("Authorization", "Bearer " + resident).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"house\":\"A1-1-1101\",\"description\":\"厨房下水管漏水\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        JsonNode w = new ObjectMapper().readTree(created.body());
        String code = w.get("code").asText();
        String tech = w.path("assignee").asText("e01");
        new StaffAccounts(server.dataSource()).setPassword("cuihu", tech, "Tech-photo-88");

        browser.get("http://localhost:" + server.port() + "/console/tech.html?community=cuihu");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys(tech);
        browser.findElement(By.id("signin-password")).sendKeys("Tech-photo-88");
        browser.findElement(By.cssSelector("#signin button")).click();
        String photo = ".order[data-order='" + code + "'] .photos img";
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(photo)));
        // the image really loaded (a refused or missing one has no natural size)
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "const i = document.querySelector(arguments[0]); return i && i.complete ? i.naturalWidth : 0;",
                photo)).intValue() == 40);
        Chromium.shot(browser, "tech-photo");
    }
}
