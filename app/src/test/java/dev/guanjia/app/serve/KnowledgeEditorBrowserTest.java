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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The knowledge editor in headless Chromium: a supervisor opens the demo pack's access-card article,
 * asks "机器人会怎么回答" and sees today's fee quoted; edits the fee, asks again and sees the new
 * passage; compares the versions and rolls back, and the box quotes the old fee again. The preview
 * shows markup as text. Screenshots go to app/target/screenshots.
 */
class KnowledgeEditorBrowserTest {

    static final String PASSWORD = "Kb-console-2026";

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("1500,1000");
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

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Asks the box and returns the passages it shows once the answer is in. */
    private static String ask(String question, String expected) {
        js("document.querySelector('#kb-ask .kb-ask-passages').textContent = ''");
        browser.findElement(By.cssSelector("#kb-ask .kb-ask-input")).clear();
        browser.findElement(By.cssSelector("#kb-ask .kb-ask-input")).sendKeys(question);
        browser.findElement(By.cssSelector("#kb-ask .kb-ask-go")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kb-ask .kb-ask-passages"),
                expected));
        return browser.findElement(By.cssSelector("#kb-ask .kb-ask-passages")).getText();
    }

    @Test
    void aSupervisorEditsAnArticleTheBoxQuotesTheNewPassageAndARollBackTheOldOne() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        browser.get(base + "/console/knowledge.html?community=cuihu");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys("e07");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#kb-list tr[data-doc='proc-access-card']"))).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("kb-preview"), "补办与增办"));

        String question = "出入卡找不着了，再办一张收多少";
        String before = ask(question, "20元");
        assertTrue(browser.findElement(By.cssSelector("#kb-ask .verdict")).getText().contains("会回答"), before);
        Chromium.shot(browser, "kb-01-before");

        // the edit: the fee changes, and a line of markup that the preview must show as text
        String body = (String) js("return document.getElementById('kb-body').value");
        js("const b = document.getElementById('kb-body'); b.value = arguments[0];"
                + "b.dispatchEvent(new Event('input'));", body.replace("每张收取工本费20元", "每张收取工本费35元")
                + "\n\n**注意** <img src=x onerror=alert(1)>");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("kb-preview"), "<img src=x"));
        assertTrue(browser.findElements(By.cssSelector("#kb-preview img")).isEmpty(), "markup is shown, not run");
        assertFalse(browser.findElements(By.cssSelector("#kb-preview strong")).isEmpty(), "bold is rendered");
        browser.findElement(By.id("kb-save")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "已保存第 2 版"));

        String after = ask(question, "35元");
        assertFalse(after.contains("20元"), after);
        Chromium.shot(browser, "kb-02-edited");

        // the versions: the pack's text is version 1; compare it with the current one, then roll back to it
        waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#kb-versions tr[data-version='1'] .kb-diff-button"))).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kb-diff .add"), "35元"));
        assertTrue(browser.findElement(By.cssSelector("#kb-diff .del")).getText().contains("20元"));
        Chromium.shot(browser, "kb-03-diff");
        js("window.confirm = () => true");
        browser.findElement(By.cssSelector("#kb-versions tr[data-version='1'] .kb-rollback")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "已回滚到第 1 版"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kb-versions tr[data-version='3']")));

        String rolledBack = ask(question, "20元");
        assertFalse(rolledBack.contains("35元"), rolledBack);
        Chromium.shot(browser, "kb-04-rolled-back");

        // any two versions: the edit against the roll-back
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("kb-diff-from"))).selectByValue("2");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("kb-diff-to"))).selectByValue("3");
        browser.findElement(By.id("kb-diff-go")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#kb-diff .add"), "20元"));
        assertTrue(browser.findElement(By.cssSelector("#kb-diff")).getText().contains("第 2 版 → 第 3 版"));
        assertTrue(browser.findElement(By.cssSelector("#kb-diff .del")).getText().contains("35元"));
    }
}
