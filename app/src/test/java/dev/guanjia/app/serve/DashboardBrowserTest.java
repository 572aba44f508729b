package dev.guanjia.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.session.Caller;
import dev.guanjia.community.session.Sessions;
import dev.guanjia.community.staff.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The supervisor's fees section of the dashboard in headless Chromium, on the demo community's bills. */
class DashboardBrowserTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;
    static final String PASSWORD = "Supervisor-desk-88";

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("1280,1600");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> { });
        new StaffAccounts(server.dataSource()).setPassword("cuihu", "e07", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theFeesSectionShowsTheSameRatesAsTheApi() throws Exception {
        String token = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.STAFF, "e07",
                Duration.ofHours(1));
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/api/v1/dashboard/collection/rates"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode rates = new ObjectMapper().readTree(api.body());
        int buildings = rates.get("buildings").size();
        assertTrue(buildings > 0 && rates.get("community").get("bills").asInt() > 0, api.body());
        String rate = Math.round(rates.get("community").get("rate").asDouble() * 100) + "%";

        browser.get("http://127.0.0.1:" + server.port() + "/console/dashboard.html");
        WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-community")).sendKeys("cuihu");
        browser.findElement(By.id("signin-code")).sendKeys("e07");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#by-building tr")).size() == buildings + 1);
        String tiles = browser.findElement(By.id("money-tiles")).getText();
        assertTrue(tiles.contains("收缴率") && tiles.contains(rate), tiles);
        assertTrue(tiles.contains("线上缴费占比"), tiles);
        assertEquals(6, browser.findElements(By.cssSelector("#ageing tr")).size(), "a header and five buckets");
        assertTrue(browser.findElement(By.id("ageing")).getText().contains("逾期90天以上"));
        assertTrue(browser.findElement(By.id("last-run")).getText().contains("尚未对账"),
                browser.findElement(By.id("last-run")).getText());
        assertTrue(browser.findElement(By.id("rates-csv")).getAttribute("href").contains("/rates.csv?from="));
        Chromium.shot(browser, "dashboard-fees");
    }

    @Test
    void staffSeeTheDaysBookingsOfAFacilityAndASupervisorChangesItsCapacity() throws Exception {
        Sessions sessions = new Sessions(server.dataSource(), server.personalData());
        String resident = sessions.open("cuihu", Caller.Kind.RESIDENT, "c02", Duration.ofHours(1));
        String staff = sessions.open("cuihu", Caller.Kind.STAFF, "e07", Duration.ofHours(1));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        JsonNode slots = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/bookings/slots?facility=court&day=" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1)))
                .header("Authorization", "Bearer " + resident).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode slot = slots.get("slots").get(2);
        HttpResponse<String> booked = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/bookings"))
                .header("Authorization", "Bearer " + resident)
                .POST(HttpRequest.BodyPublishers.ofString("{\"facility\":\"court\",\"start\":\""
                        + slot.get("start").asText() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, booked.statusCode(), booked.body());
        String code = new ObjectMapper().readTree(booked.body()).get("code").asText();

        browser.get(base + "/console/bookings.html");
        WebDriverWait wait = (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(d -> d.findElement(By.id("app")).isDisplayed() || d.findElement(By.id("signin")).isDisplayed());
        if (browser.findElement(By.id("signin")).isDisplayed()) {
            browser.findElement(By.id("signin-community")).sendKeys("cuihu");
            browser.findElement(By.id("signin-code")).sendKeys("e07");
            browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("#signin button")).click();
        }
        wait.until(d -> !d.findElement(By.id("day")).getAttribute("value").isEmpty());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('day').value = arguments[0]", slot.get("start").asText().substring(0, 10));
        browser.findElement(By.cssSelector("#filter button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bookings"), code));
        assertTrue(browser.findElement(By.id("bookings")).getText().contains("A1-1-"), browser.findElement(By.id("bookings")).getText());
        Chromium.shot(browser, "console-bookings");

        // the court's row in the supervisor's editor: capacity 1 → 2
        org.openqa.selenium.WebElement row = wait.until(d -> d.findElements(By.cssSelector("#facilities tr")).stream()
                .filter(r -> !r.findElements(By.tagName("input")).isEmpty()
                        && "court".equals(r.findElements(By.tagName("input")).get(0).getAttribute("value")))
                .findFirst().orElse(null));
        org.openqa.selenium.WebElement capacity = row.findElements(By.tagName("input")).get(5);
        capacity.clear();
        capacity.sendKeys("2");
        row.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "已保存"));
        JsonNode facilities = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/bookings/facilities")).header("Authorization", "Bearer " + staff).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode f : facilities.get("facilities")) {
            if (f.get("code").asText().equals("court")) {
                assertEquals(2, f.get("capacity").asInt());
            }
        }
        // signed out again: the other test signs in on its own
        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
    }
}
