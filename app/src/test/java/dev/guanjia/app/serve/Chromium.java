package dev.guanjia.app.serve;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Headless Debian Chromium for the page tests; screenshots go to app/target/screenshots. */
final class Chromium {

    static final Path SHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    static WebDriver start(String windowSize) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory("guanjia-chromium");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=" + windowSize,
                "--user-data-dir=" + profile);
        Files.createDirectories(SHOTS);
        return new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    }

    /**
     * Signs a resident in on the open web-chat page with phone + one-time code: the code is read
     * from the SMS the test's sender captured.
     */
    static void signInResident(WebDriver browser, java.util.Map<String, String> sms, String phone) {
        org.openqa.selenium.support.ui.WebDriverWait wait =
                new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20));
        browser.findElement(org.openqa.selenium.By.id("login-open")).click();
        browser.findElement(org.openqa.selenium.By.id("phone")).sendKeys(phone);
        browser.findElement(org.openqa.selenium.By.id("send-code")).click();
        wait.until(d -> sms.containsKey(phone));
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("(\\d{6})").matcher(sms.get(phone));
        org.junit.jupiter.api.Assertions.assertTrue(code.find(), sms.get(phone));
        browser.findElement(org.openqa.selenium.By.id("code")).sendKeys(code.group(1));
        browser.findElement(org.openqa.selenium.By.id("login-submit")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                org.openqa.selenium.By.id("who"), "已登录"));
    }

    static void shot(WebDriver browser, String name) throws IOException {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Waits for the first visible element matching {@code what} and returns its text, reading it
     * afresh on each try: the chat replaces a work-order card whenever its status changes, so a
     * held element can go stale between finding and reading it.
     */
    static String textOf(WebDriver browser, org.openqa.selenium.By what) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20)).until(d -> {
            try {
                return d.findElements(what).stream().filter(org.openqa.selenium.WebElement::isDisplayed)
                        .map(org.openqa.selenium.WebElement::getText).findFirst().orElse(null);
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return null;
            }
        });
    }

    /** As {@link #textOf}, for an attribute of the first visible match. */
    static String attributeOf(WebDriver browser, org.openqa.selenium.By what, String attribute) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20)).until(d -> {
            try {
                return d.findElements(what).stream().filter(org.openqa.selenium.WebElement::isDisplayed)
                        .map(e -> e.getAttribute(attribute)).findFirst().orElse(null);
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return null;
            }
        });
    }
}
