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
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handbook imported in headless Chromium: a supervisor uploads a Word file made in the test, sees
 * the split into chapters, unticks one and renames another, saves, and asks the "机器人会怎么回答"
 * box a question from the document: the new article is ranked first and its sentence quoted. A
 * refused file shows why, in Chinese. Screenshots go to app/target/screenshots.
 */
class KnowledgeImportBrowserTest {

    static final String PASSWORD = "Import-console-19";

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("1200,1400");
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
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @Test
    void aSupervisorImportsAHandbookConfirmsTheSplitAndSeesTheBotQuoteIt() throws Exception {
        Path docx = workDir.resolve("锦绣园业主手册.docx");
        Files.write(docx, HandbookDocx.make());
        Path encrypted = workDir.resolve("加密手册.docx");
        Files.write(encrypted, HandbookDocx.encrypted());

        browser.get("http://127.0.0.1:" + server.port() + "/console/knowledge-import.html?community=cuihu");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
        browser.findElement(By.id("signin-code")).sendKeys("e07");
        browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-form")));

        // a password-protected file is turned away with the reason
        browser.findElement(By.id("file")).sendKeys(encrypted.toString());
        browser.findElement(By.id("upload")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("msg"), "未导入"));
        assertTrue(browser.findElement(By.id("msg")).getText().contains("密码"), browser.findElement(By.id("msg")).getText());
        assertTrue(browser.findElement(By.id("detail")).getText().contains("password"));

        browser.findElement(By.id("file")).clear();
        browser.findElement(By.id("file")).sendKeys(docx.toString());
        browser.findElement(By.id("upload")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("preview")));
        List<WebElement> parts = browser.findElements(By.cssSelector("#articles .import-article"));
        assertEquals(3, parts.size());
        assertEquals("快递与包裹", parts.get(0).findElement(By.className("import-title")).getAttribute("value"));
        assertTrue(parts.get(2).findElement(By.tagName("pre")).getText().contains("| 游泳池季卡 | 360元/人 |"),
                "the table is kept: " + parts.get(2).getText());
        Chromium.shot(browser, "import-01-preview");

        parts.get(1).findElement(By.className("import-tick")).click();
        WebElement title = parts.get(0).findElement(By.className("import-title"));
        title.clear();
        title.sendKeys("快递柜与大件包裹");
        browser.findElement(By.id("confirm")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("saved")));
        String saved = browser.findElement(By.id("saved-list")).getText();
        assertTrue(saved.contains("快递柜与大件包裹") && saved.contains("收费标准"), saved);
        assertFalse(saved.contains("宠物管理"), "the unticked chapter is not saved");

        browser.findElement(By.id("ask-q")).sendKeys("大件包裹去哪里领");
        browser.findElement(By.id("ask")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#ask-result .ask-verdict")));
        String verdict = browser.findElement(By.cssSelector("#ask-result .ask-verdict")).getText();
        assertTrue(verdict.startsWith("机器人会回答"), verdict);
        List<WebElement> hits = browser.findElements(By.cssSelector("#ask-result .ask-hit"));
        assertTrue(hits.get(0).getText().contains("快递柜与大件包裹"), hits.get(0).getText());
        assertFalse(hits.get(0).getText().contains("<em>"), "matched words are marked, not shown as markup");
        assertFalse(hits.get(0).findElements(By.cssSelector(".ask-snippet mark")).isEmpty());
        String quoted = browser.findElements(By.cssSelector("#ask-result .ask-quote")).stream()
                .map(WebElement::getText).reduce("", String::concat);
        assertTrue(quoted.contains("门岗"), quoted);
        Chromium.shot(browser, "import-02-bot-answer");
    }
}
