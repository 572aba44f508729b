package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import dev.guanjia.community.staff.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In headless Chromium: a visitor rates a knowledge answer 👎 in the web chat and asks something the
 * bot cannot answer; a supervisor finds both in /console/unanswered.html, adds the unanswered question
 * to an article's common wordings, and sees the poorly rated article on the dashboard.
 * Screenshots go to app/target/screenshots.
 */
class UnansweredBrowserTest {

    static final String PASSWORD = "Unanswered-console-19";

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("1200,900");
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

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static WebElement ask(String text) {
        int before = browser.findElements(By.cssSelector(".msg.bot")).size();
        browser.findElement(By.id("text")).sendKeys(text);
        browser.findElement(By.cssSelector("#composer button")).click();
        waiting().until(d -> d.findElements(By.cssSelector(".msg.bot")).size() > before);
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        return bots.get(bots.size() - 1);
    }

    @Test
    void aThumbsDownAndAnUnansweredQuestionReachTheConsoleWhichAddsItToAnArticle() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        browser.get(base + "/chat/?community=cuihu");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("community-name"), "翠湖苑"));
        WebElement fees = ask("物业费怎么交");
        assertTrue(fees.getText().contains("缴费渠道与发票"), fees.getText());
        fees.findElement(By.cssSelector(".feedback button[data-helpful='false']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElement(fees.findElement(By.cssSelector(".feedback small")),
                "谢谢反馈"));
        WebElement none = ask("屋里的猫能带下楼吗");
        assertTrue(none.findElements(By.cssSelector(".feedback")).isEmpty(), "no rating under an abstention");
        Chromium.shot(browser, "unanswered-01-chat-thumbs-down");

        browser.get(base + "/console/unanswered.html");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-community")).sendKeys("cuihu");
        browser.findElement(By.id("signin-code")).sendKeys("e07");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        WebElement cats = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//article[contains(@class,'group')][.//strong[text()='屋里的猫能带下楼吗']]")));
        WebElement thumbs = browser.findElement(
                By.xpath("//article[contains(@class,'group')][.//strong[text()='物业费怎么交']]"));
        assertTrue(thumbs.getText().contains("住户点了没用 1"), thumbs.getText());
        assertTrue(cats.findElement(By.linkText("写一篇文章")).getAttribute("href")
                .contains("/console/knowledge.html?new=1&question="));
        Chromium.shot(browser, "unanswered-02-groups");

        new Select(cats.findElement(By.cssSelector("select.article-pick"))).selectByValue("rules-pets");
        cats.findElement(By.cssSelector("button.add-example")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "已把“屋里的猫能带下楼吗”加到文章的常见问法"));
        waiting().until(d -> d.findElements(By.xpath("//strong[text()='屋里的猫能带下楼吗']")).isEmpty());

        browser.get(base + "/console/dashboard.html");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("poor-articles"), "缴费渠道与发票"));
        String row = browser.findElement(By.id("poor-articles")).getText();
        assertTrue(row.contains("fee-payment") && row.contains("100%"), row);
        Chromium.shot(browser, "unanswered-03-dashboard");
    }
}
