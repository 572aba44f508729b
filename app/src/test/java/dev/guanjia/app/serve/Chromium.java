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

    static void shot(WebDriver browser, String name) throws IOException {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
