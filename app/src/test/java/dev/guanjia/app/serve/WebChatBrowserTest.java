package dev.guanjia.app.serve;

import dev.guanjia.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web chat in headless Debian Chromium against the running service: sign in with phone +
 * code, a cited fee answer, a repair over two turns with its order card, elderly mode. Screenshots
 * go to app/target/screenshots. .ci/run installs chromium and chromedriver when they are missing.
 */
class WebChatBrowserTest {

    @TempDir
    static Path workDir;

    static GuanjiaServer server;
    static WebDriver browser;
    static final Map<String, String> sms = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        browser = Chromium.start("420,860");
        server = GuanjiaServer.start(ClusterTemplate.seed(ConfigLoader.load(Map.of("GUANJIA_HTTP_PORT", "0",
                "GUANJIA_HTTP_HOST", "127.0.0.1"), workDir)), (phone, text) -> sms.put(phone, text));
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

    /** Types a message, sends it and waits for the bot's answer to appear. */
    private static WebElement ask(String text) {
        int before = botMessages();
        WebElement input = browser.findElement(By.id("text"));
        input.sendKeys(text);
        browser.findElement(By.cssSelector("#composer button")).click();
        waiting().until(d -> botMessages() > before);
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        return bots.get(bots.size() - 1);
    }

    private static void shot(String name) throws Exception {
        Chromium.shot(browser, name);
    }

    @Test
    void aResidentUsesTheWebChat() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/chat/?community=cuihu");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("community-name"), "翠湖苑"));
        waiting().until(d -> botMessages() >= 1);

        WebElement answer = ask("门禁卡遗失了怎么补办");
        assertTrue(answer.getText().contains("20"), answer.getText());
        WebElement source = answer.findElement(By.cssSelector(".cite a"));
        assertTrue(source.getText().contains("门禁卡"), source.getText());
        source.click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("doc")));
        assertTrue(browser.findElement(By.id("doc-body")).getText().contains("工本费"));
        shot("01-cited-answer");
        browser.findElement(By.id("doc-close")).click();

        Chromium.signInResident(browser, sms, "13962000104");

        WebElement question = ask("厨房水龙头一直在滴水");
        assertTrue(question.getText().contains("什么时候"), question.getText());
        ask("明天上午家里有人");
        String card = Chromium.textOf(browser, By.cssSelector(".card[data-order]"));
        assertTrue(card.contains("工单"), card);
        assertTrue(card.contains("已派单") || card.contains("已提交"), card);
        shot("02-repair-card");

        browser.findElement(By.id("elderly")).click();
        assertTrue(browser.findElement(By.tagName("body")).getAttribute("class").contains("elderly"));
        assertEquals("true", browser.findElement(By.id("elderly")).getAttribute("aria-pressed"));
        shot("03-elderly-mode");
    }

    @Test
    void aResidentBooksASlotInTheChatAndSeesItInMyBookings() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/chat/?community=cuihu");
        waiting().until(d -> botMessages() >= 1);
        Chromium.signInResident(browser, sms, "13962000105");

        WebElement offer = ask("明天上午想订羽毛球场");
        assertTrue(offer.getText().contains("可预约的时段"), offer.getText());
        List<WebElement> slots = offer.findElements(By.cssSelector(".slots button"));
        assertTrue(slots.size() >= 2, offer.getText());
        assertTrue(slots.get(1).getText().contains("10:00"), slots.get(1).getText());
        shot("04-booking-slots");
        int before = botMessages();
        slots.get(1).click();
        waiting().until(d -> botMessages() > before);
        List<WebElement> bots = browser.findElements(By.cssSelector(".msg.bot"));
        String booked = bots.get(bots.size() - 1).getText();
        assertTrue(booked.contains("已为您预约") && booked.contains("10:00-11:00"), booked);

        browser.findElement(By.id("bookings-open")).click();
        WebElement mine = waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#bookings-list li[data-booking]")));
        assertTrue(mine.getText().contains("会所羽毛球场") && mine.getText().contains("10:00-11:00"), mine.getText());
        shot("05-my-bookings");
        mine.findElement(By.tagName("button")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("bookings-list"), "没有预约"));
        List<WebElement> after = browser.findElements(By.cssSelector(".msg.bot"));
        assertTrue(after.get(after.size() - 1).getText().contains("已取消预约"), after.get(after.size() - 1).getText());
    }

    @Test
    void hostileTextIsShownAsText() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/chat/?community=cuihu");
        waiting().until(d -> botMessages() >= 1);
        ask("<img src=x onerror=alert(1)>你好");
        assertTrue(browser.findElements(By.cssSelector("#messages img")).isEmpty());
        List<WebElement> mine = browser.findElements(By.cssSelector(".msg.user"));
        assertTrue(mine.get(mine.size() - 1).getText().contains("<img"));
    }

    /**
     * The network loses the answer to a send (the server stored and answered it): the page says it
     * is resending, sends the same clientMessageId again a second later and shows the answer once.
     */
    @Test
    void aSendWhoseAnswerIsLostIsResentAndAnsweredOnce() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/chat/?community=cuihu");
        waiting().until(d -> botMessages() >= 1);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("""
                window.sentIds = [];
                window.resendNoted = false;
                const real = window.fetch;
                window.fetch = async (path, init) => {
                  if (path !== "/api/v1/chat/messages") return real(path, init);
                  window.sentIds.push(JSON.parse(init.body).clientMessageId);
                  const res = await real(path, init);
                  if (window.sentIds.length === 1) {
                    // the page shows its note while it waits the first second before resending
                    setTimeout(() => { window.resendNoted = !!document.querySelector(".msg.resend"); }, 300);
                    throw new TypeError("Failed to fetch"); // the answer was made, the connection lost
                  }
                  return res;
                };""");
        int before = botMessages();
        WebElement answer = ask("门禁卡遗失了怎么补办");
        assertTrue(answer.getText().contains("20"), answer.getText());
        Thread.sleep(1500); // nothing more arrives
        assertEquals(before + 1, botMessages(), "the answer shown once");
        var js = (org.openqa.selenium.JavascriptExecutor) browser;
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) js.executeScript("return window.sentIds;");
        assertEquals(2, ids.size(), "sent, then resent: " + ids);
        assertEquals(ids.get(0), ids.get(1), "the resend carries the same id");
        assertTrue(ids.get(0).matches("[A-Za-z0-9_-]{8,64}"), ids.get(0));
        assertEquals(Boolean.TRUE, js.executeScript("return window.resendNoted;"), "网络不稳，正在重发… was shown");
        assertTrue(browser.findElements(By.cssSelector(".msg.resend")).isEmpty(), "the note is gone once answered");
        assertTrue(answer.findElements(By.cssSelector(".cite a")).size() >= 1, "its source shown with it");
    }
}
