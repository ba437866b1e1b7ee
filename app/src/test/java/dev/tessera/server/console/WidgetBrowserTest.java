package dev.tessera.server.console;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embeddable chat widget in a real browser: one script tag on a page, a streamed and cited answer, and the
 * "talk to a person" button queuing a hand-off. Also the cross-origin rules a shop's site relies on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/widget-browser",
				"tessera.security.allowed-origins=https://shop.example" })
class WidgetBrowserTest {

	@LocalServerPort
	int port;

	WebDriver browser;

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void the_widget_streams_a_cited_answer_and_hands_the_conversation_to_a_person() throws Exception {
		Files.createDirectories(Path.of("target"));
		this.browser = Browser.start(Files.createTempDirectory(Path.of("target"), "widget-browser-"));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get("http://localhost:" + this.port + "/widget/demo.html");
		SearchContext widget = wait.until(d -> d.findElement(By.id("tessera-chat")).getShadowRoot());

		widget.findElement(By.cssSelector(".launcher")).click();
		WebElement input = widget.findElement(By.cssSelector("input[name=message]"));
		input.sendKeys("How long does standard delivery take?");
		widget.findElement(By.cssSelector("form button")).click();
		WebElement answer = wait.until(d -> widget.findElement(By.cssSelector(".msg.assistant[data-route]")));
		assertThat(answer.getAttribute("data-route")).isEqualTo("ANSWER_LOCAL");
		assertThat(answer.getText()).contains("3 to 5 working days").contains("Sources:").contains("Shipping guide");

		widget.findElement(By.cssSelector(".person")).click();
		WebElement handoff = wait.until(d -> widget.findElement(By.cssSelector(".msg.assistant[data-route='HANDOFF_HUMAN']")));
		assertThat(handoff.getText()).contains("A person from our team will reply here.");
		Browser.screenshot(this.browser, "15-chat-widget");

		String queue = new Http(this.port).get("/api/v1/handoffs?state=OPEN").body();
		assertThat(queue).contains("the customer asked for a person");
	}

	@Test
	void only_configured_sites_may_call_the_chat_api_from_a_browser_and_never_the_operators_api() {
		Http http = new Http(this.port).anonymous();
		Http.Response allowed = preflight(http, "https://shop.example", "/api/v1/assistants/ecommerce-support/conversations");
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example");
		assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

		assertThat(preflight(http, "https://evil.example", "/api/v1/assistants/ecommerce-support/conversations")
			.status()).isEqualTo(403);
		assertThat(preflight(http, "https://shop.example", "/api/v1/handoffs").raw()
			.headers()
			.firstValue("Access-Control-Allow-Origin")).as("the operators' API is not open to other sites").isEmpty();
	}

	private static Http.Response preflight(Http http, String origin, String path) {
		return http.send(HttpRequest.newBuilder(URI.create(http.base() + path))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "authorization,content-type"));
	}

}
