package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.staff.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notice end to end in headless Chromium: a supervisor publishes it for building A1 in the
 * console; a resident of A1 signed in to the web chat sees its banner, the bot answers a question
 * about it from the notice, and the console shows that it reached them. Screenshots go to
 * app/target/screenshots.
 */
class NoticeBrowserTest {

    static final String PASSWORD = "Notice-console-77";

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;
    static final Map<String, String> sms = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("1200,900");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> sms.put(phone, text));
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

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static int botMessages() {
        return browser.findElements(By.cssSelector(".msg.bot")).size();
    }

    private static void set(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1]",
                id, value);
    }

    @Test
    void aSupervisorPublishesANoticeTheWebChatShowsItAndTheBotAnswersFromIt() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        browser.get(base + "/console/notices.html?community=cuihu");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys("e07");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("notice-form")));

        browser.findElement(By.id("notice-title")).sendKeys("A1栋电梯维保通知");
        new Select(browser.findElement(By.id("notice-category"))).selectByVisibleText("电梯维保");
        browser.findElement(By.id("notice-buildings")).sendKeys("A1");
        set("notice-from", today.toString());
        set("notice-until", today.plusDays(1).toString());
        browser.findElement(By.id("notice-body")).sendKeys("A1栋1号电梯更换曳引钢丝绳，预计明天18:00恢复运行，其间请使用2号电梯。");
        browser.findElement(By.id("notice-submit")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "已发布"));
        WebElement row = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[@id='notices']//tr[td[text()='A1栋电梯维保通知']]")));
        assertTrue(row.getText().contains("生效中") && row.getText().contains("A1幢"), row.getText());
        Chromium.shot(browser, "notice-01-published");

        // a resident of A1 in the web chat
        browser.get(base + "/chat/?community=cuihu");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("community-name"), "翠湖苑"));
        assertFalse(browser.findElement(By.id("notices")).getText().contains("A1栋电梯维保通知"),
                "a visitor sees the whole community's notices only");
        Chromium.signInResident(browser, sms, "13962000104");
        WebElement banner = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("notices")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notices"), "A1栋电梯维保通知"));
        assertTrue(banner.getText().contains("【电梯维保】"), banner.getText());

        int before = botMessages();
        browser.findElement(By.id("text")).sendKeys("电梯什么时候修好");
        browser.findElement(By.cssSelector("#composer button")).click();
        waiting().until(d -> botMessages() > before);
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        String answer = bots.get(bots.size() - 1).getText();
        assertTrue(answer.contains("预计明天18:00恢复运行"), answer);
        Chromium.shot(browser, "notice-02-banner-and-answer");

        // the console counts the resident as reached on the web and in the conversation
        // one browser plays both: the resident's session cookie would come first, so it goes
        browser.manage().deleteAllCookies();
        browser.get(base + "/console/notices.html?community=cuihu");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys("e07");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        WebElement reach = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[@id='notices']//tr[td[text()='A1栋电梯维保通知']]/td[@class='reach']")));
        assertTrue(reach.getText().contains("网页 1") && reach.getText().contains("对话 1"), reach.getText());
        Chromium.shot(browser, "notice-03-reach");
    }
}
