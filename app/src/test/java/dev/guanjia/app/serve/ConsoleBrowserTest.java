package dev.guanjia.app.serve;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hand-off from end to end in headless Chromium: the resident's web chat (on 127.0.0.1) and the
 * agent's console (on localhost, so the two keep their own cookies) side by side in one browser.
 */
class ConsoleBrowserTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;
    static String residentWindow;
    static String agentWindow;
    static final Map<String, String> sms = new ConcurrentHashMap<>();
    static final String PASSWORD = "Agent-console-88";

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("1280,900");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> sms.put(phone, text));
        new StaffAccounts(server.dataSource()).setPassword("cuihu", "e05", PASSWORD);
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

    private static WebDriverWait waiting() {
        // pages re-render lists as data arrives: an element found a moment ago may be replaced
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private static void resident() {
        browser.switchTo().window(residentWindow);
    }

    private static void agent() {
        browser.switchTo().window(agentWindow);
    }

    @Test
    void aResidentIsHandedToAnAgentWhoRepliesCreatesAnOrderAndHandsBack() throws Exception {
        int port = server.port();
        // the agent signs in first, so the resident is told the wait rather than promised a callback
        residentWindow = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.WINDOW);
        agentWindow = browser.getWindowHandle();
        browser.get("http://localhost:" + port + "/console/?community=cuihu");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys("e05");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stats"), "在线客服 1"));
        Chromium.shot(browser, "console-01-signed-in");

        resident();
        browser.get("http://127.0.0.1:" + port + "/chat/?community=cuihu");
        waiting().until(d -> !d.findElements(By.cssSelector(".msg.bot")).isEmpty());
        Chromium.signInResident(browser, sms, "13962000101");
        int bots = browser.findElements(By.cssSelector(".msg.bot")).size();
        browser.findElement(By.id("text")).sendKeys("我家门口楼梯间的灯坏掉了好几天，我要找人工");
        browser.findElement(By.cssSelector("#composer button")).click();
        waiting().until(d -> d.findElements(By.cssSelector(".msg.bot")).size() > bots);
        List<WebElement> replies = browser.findElements(By.cssSelector(".msg.bot"));
        String handoff = replies.get(replies.size() - 1).getText();
        assertTrue(handoff.contains("人工") && handoff.contains("预计等待"), handoff);
        Chromium.shot(browser, "console-02-resident-asks-for-a-person");

        agent();
        // other tests may have left conversations waiting: take this resident's
        clickEntry("#queue .entry.queued", "沈桂兰");
        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".summary")));
        assertTrue(summary.getText().contains("机器人摘要") && summary.getText().contains("楼梯间的灯"), summary.getText());
        assertTrue(browser.findElement(By.id("profile")).getText().contains("A1-1-201"));
        browser.findElement(By.cssSelector(".actions .claim")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".head .state"), "人工处理中"));
        Chromium.shot(browser, "console-03-claimed");

        // a second agent trying to take the same conversation is refused
        String conversation = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.querySelector('#queue .entry.open').dataset.id");
        String other = new Sessions(server.dataSource(), server.personalData()).open("cuihu", Caller.Kind.STAFF, "e06", Duration.ofHours(1));
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/console/conversations/" + conversation + "/claim"))
                .header("Authorization", "Bearer " + other).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(new ObjectMapper().readTree(refused.body()).get("message").asText().contains("林小燕"));

        browser.findElement(By.cssSelector(".reply-text")).sendKeys("您好，我是客服林小燕，马上为您安排电工上门。");
        browser.findElement(By.cssSelector(".reply button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".transcript"), "马上为您安排电工"));

        resident();
        WebElement agentSays = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.agent")));
        assertTrue(agentSays.getText().contains("马上为您安排电工"), agentSays.getText());
        Chromium.shot(browser, "console-04-resident-sees-the-reply");

        agent();
        browser.findElement(By.id("order-description")).sendKeys("楼道灯不亮，已坏好几天");
        browser.findElement(By.cssSelector("#order-form button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("order-msg"), "已创建工单"));
        String order = browser.findElement(By.id("order-msg")).getText().replaceAll(".*已创建工单 (\\S+)（.*", "$1");
        Chromium.shot(browser, "console-05-order-created");

        resident();
        String card = Chromium.textOf(browser, By.cssSelector(".card[data-order='" + order + "']"));
        assertTrue(card.contains(order), card);
        Chromium.shot(browser, "console-06-resident-sees-the-order");

        agent();
        browser.findElement(By.cssSelector(".actions .return")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".head .state"), "机器人"));

        resident();
        WebElement csat = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.csat")));
        assertTrue(csat.getText().contains("满意"), csat.getText());
        Chromium.shot(browser, "console-07-bot-asks-for-a-score");
        int before = browser.findElements(By.cssSelector(".msg.bot")).size();
        csat.findElement(By.xpath(".//button[text()='5分']")).click();
        waiting().until(d -> d.findElements(By.cssSelector(".msg.bot")).size() > before + 0
                && d.findElements(By.cssSelector(".msg.bot")).get(d.findElements(By.cssSelector(".msg.bot")).size() - 1)
                .getText().contains("感谢您的评价"));
        Chromium.shot(browser, "console-08-scored");
    }

    @Test
    void aTechnicianCompletesAnOrderAndTheResidentIsAskedToAcceptAndRate() throws Exception {
        int port = server.port();
        new StaffAccounts(server.dataSource()).setPassword("cuihu", "e01", PASSWORD);
        browser.switchTo().newWindow(WindowType.WINDOW);
        String residentTab = browser.getWindowHandle();
        browser.get("http://127.0.0.1:" + port + "/chat/?community=cuihu");
        waiting().until(d -> !d.findElements(By.cssSelector(".msg.bot")).isEmpty());
        Chromium.signInResident(browser, sms, "13962000103");
        browser.findElement(By.id("text")).sendKeys("502卫生间下水管漏水，滴到楼下了");
        browser.findElement(By.cssSelector("#composer button")).click();
        browser.findElement(By.id("text")).sendKeys("今天下午都在家");
        waiting().until(d -> d.findElements(By.cssSelector(".msg.bot")).size() >= 3);
        browser.findElement(By.cssSelector("#composer button")).click();
        String order = Chromium.attributeOf(browser, By.cssSelector(".card[data-order]"), "data-order");

        browser.switchTo().newWindow(WindowType.WINDOW);
        browser.get("http://localhost:" + port + "/console/tech.html?community=cuihu");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys("e01");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        By mine = By.cssSelector("#mine .order[data-order='" + order + "']");
        String job = "//*[@id='mine']//*[@data-order='" + order + "']";
        waiting().until(ExpectedConditions.visibilityOfElementLocated(mine));
        click(By.xpath(job + "//button[text()='开始处理']"));
        waiting().until(d -> d.findElement(mine).getText().contains("处理中"));
        waiting().until(d -> {
            d.findElement(mine).findElement(By.tagName("textarea")).sendKeys("更换了下水管接头，已试水不漏");
            return true;
        });
        click(By.xpath(job + "//button[text()='完工']"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("tech-msg"), "待验收"));
        Chromium.shot(browser, "tech-01-completed");

        browser.switchTo().window(residentTab);
        waiting().until(d -> d.findElements(By.cssSelector(".msg.system")).stream()
                .anyMatch(m -> m.getText().contains("请验收并评价")));
        WebElement accept = waiting().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@data-order='" + order + "']//button[text()='验收通过']")));
        Chromium.shot(browser, "tech-02-resident-asked-to-accept");
        accept.click();
        waiting().until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@data-order='" + order + "']//button[text()='评5星']"))).click();
        waiting().until(d -> d.findElements(By.cssSelector(".msg.bot")).stream()
                .anyMatch(m -> m.getText().contains("工单已更新") && m.getText().contains("已完成")));
        Chromium.shot(browser, "tech-03-accepted-and-rated");
    }

    @Test
    void aHostileResidentMessageRendersAsTextInTheConsole() throws Exception {
        int port = server.port();
        String payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>转人工";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/chat/messages")).POST(HttpRequest.BodyPublishers.ofString(
                        new ObjectMapper().writeValueAsString(java.util.Map.of("community", "cuihu", "text", payload))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        browser.switchTo().newWindow(WindowType.WINDOW);
        browser.get("http://localhost:" + port + "/console/?community=cuihu");
        waiting().until(d -> d.findElement(By.id("app")).isDisplayed() || d.findElement(By.id("signin")).isDisplayed());
        if (browser.findElement(By.id("signin")).isDisplayed()) {
            browser.findElement(By.id("signin-code")).sendKeys("e05");
            browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("#signin button")).click();
        }
        clickEntry("#queue .entry", "<script>");
        WebElement transcript = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".transcript")));
        waiting().until(d -> transcript.getText().contains("<img src=x"));
        assertTrue(browser.findElements(By.cssSelector("#app img, #app script")).isEmpty(), "no element made from text");
        Object fired = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.__xss || null");
        assertEquals(null, fired, "no script from the message ran");
        Chromium.shot(browser, "console-09-hostile-text-inert");
    }

    /** Finds and clicks in one retried step: the queue re-renders every poll, so a found entry may go stale. */
    private static void clickEntry(String css, String text) {
        waiting().until(d -> {
            WebElement e = d.findElements(By.cssSelector(css)).stream()
                    .filter(x -> x.getText().contains(text)).findFirst().orElse(null);
            if (e == null) {
                return false;
            }
            e.click();
            return true;
        });
    }

    /** Clicks once the element is there, again if the page replaced it between finding and clicking. */
    private static void click(By by) {
        waiting().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }
}
