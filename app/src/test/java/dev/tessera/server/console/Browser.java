package dev.tessera.server.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the operating system's packages (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium without Selenium Manager, so nothing is downloaded. Screenshots go to
 * {@code admin-ui/target/screenshots/}.
 */
public final class Browser {

	static final File CHROMIUM = new File(System.getenv().getOrDefault("TESSERA_TEST_CHROMIUM", "/usr/bin/chromium"));

	static final File CHROMEDRIVER = new File(
			System.getenv().getOrDefault("TESSERA_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

	/** app/ is the working directory of its tests; the screenshots belong to the console's module. */
	static final Path SCREENSHOTS = Path.of("..", "admin-ui", "target", "screenshots");

	private Browser() {
	}

	/** A fresh headless browser, or the test is skipped with the reason when Chromium is not installed. */
	public static WebDriver start(Path profile) {
		Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
				"Chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does it)");
		System.setProperty("SE_OFFLINE", "true");
		System.setProperty("SE_AVOID_STATS", "true");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1366,900", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost",
				"--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return driver;
	}

	public static void screenshot(WebDriver driver, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not save the screenshot " + name, ex);
		}
	}

}
