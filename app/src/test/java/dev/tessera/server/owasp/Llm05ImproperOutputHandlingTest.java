package dev.tessera.server.owasp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.server.FakeLargeModel;
import dev.tessera.server.Http;
import dev.tessera.server.console.Browser;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP LLM05 (2025) improper output handling: text from a model, from an uploaded document and from a chat message
 * that carries HTML and JavaScript is shown as text — never run — in a real browser, in the chat widget and on the
 * console's pages that show it (hand-off, knowledge chunks, audit). Each payload would set {@code window.__pwned} if
 * the page ran it; the test reads that variable, looks for elements the payload would create, and checks that the
 * payload's characters are on the page as text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.escalation.provider=openai", "tessera.escalation.openai.model=big-model",
				"tessera.escalation.max-attempts=1" })
class Llm05ImproperOutputHandlingTest {

	static final WireMockServer model = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final String MODEL_PAYLOAD = "<img src=x onerror=\"window.__pwned='model'\">";

	static final String DOCUMENT_PAYLOAD = "<img src=x onerror=\"window.__pwned='document'\">";

	static final String SCRIPT_PAYLOAD = "<script>window.__pwned='script'</script>";

	static final String USER_PAYLOAD = "<img src=x onerror=\"window.__pwned='user'\">";

	@DynamicPropertySource
	static void model(DynamicPropertyRegistry registry) {
		model.start();
		model.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(FakeLargeModel
			.completion("Yes, we wrap birthday gifts in paper of your choice " + MODEL_PAYLOAD + " for 3 EUR.")));
		registry.add("tessera.escalation.openai.base-url", () -> model.baseUrl() + "/v1");
		String run = UUID.randomUUID().toString();
		registry.add("tessera.data-dir", () -> "./target/test-data/llm05-" + run);
	}

	@AfterAll
	static void stop() {
		model.stop();
	}

	@LocalServerPort
	int port;

	WebDriver browser;

	WebDriverWait wait;

	@AfterEach
	void close() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void html_and_script_from_models_documents_and_users_stay_text_in_the_widget_and_the_console() throws Exception {
		Files.createDirectories(Path.of("target"));
		this.browser = Browser.start(Files.createTempDirectory(Path.of("target"), "llm05-browser-"));
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		Http admin = new Http(this.port);

		Http.Response upload = admin.upload("/api/v1/collections/ecommerce-support/documents",
				Map.of("gift-wrapping.md", ("# Gift wrapping " + DOCUMENT_PAYLOAD + "\n\n## Price\n"
						+ "Every gift-wrapped parcel comes with a greeting card written by hand <b>free</b> of charge "
						+ DOCUMENT_PAYLOAD + ".\n\n## Note\nWrapping paper " + SCRIPT_PAYLOAD + ".\n").getBytes(StandardCharsets.UTF_8)));
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		String job = upload.json().path("id").asString();
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (!"COMPLETED".equals(admin.get("/api/v1/ingestion-jobs/" + job).json().path("state").asString())) {
			assertThat(System.nanoTime()).as("ingestion did not complete").isLessThan(deadline);
			Thread.sleep(100);
		}

		// the passage with a script element is held back at ingestion (it reads as an injection); the one with an
		// image and bold text is served, and its HTML must reach the reader as text
		assertThat(admin.get("/api/v1/collections/ecommerce-support/documents/gift-wrapping.md/chunks").json())
			.anySatisfy(chunk -> assertThat(chunk.path("text").asString()).contains(SCRIPT_PAYLOAD))
			.anySatisfy(chunk -> assertThat(chunk.path("text").asString()).contains(DOCUMENT_PAYLOAD));

		// the widget: a large-model answer and a document passage, each carrying HTML
		this.browser.get("http://localhost:" + this.port + "/widget/demo.html");
		SearchContext widget = this.wait.until(d -> d.findElement(By.id("tessera-chat")).getShadowRoot());
		widget.findElement(By.cssSelector(".launcher")).click();
		WebElement fromModel = ask(widget, "Do you wrap birthday presents in special paper?", 1);
		WebElement fromDocument = ask(widget, "Does a gift-wrapped parcel come with a greeting card?", 2);
		WebElement fromUser = ask(widget, "I want to talk to a person please " + USER_PAYLOAD, 3);
		Browser.screenshot(this.browser, "llm05-widget");
		// the grounding rail keeps the supported sentence, cut at "window." (it drops what no source supports)
		assertThat(fromModel.getText()).as("the model's HTML, shown as text").contains("<img src=x onerror=");
		assertThat(fromDocument.getText()).as("the document's HTML, shown as text")
			.contains(DOCUMENT_PAYLOAD)
			.contains("<b>free</b>")
			.contains("Gift wrapping " + DOCUMENT_PAYLOAD);
		assertThat(fromUser.getAttribute("data-route")).isEqualTo("HANDOFF_HUMAN");
		assertThat(widget.findElements(By.cssSelector(".msg img, .msg script"))).as("no element made from the text")
			.isEmpty();
		assertNothingRan("the widget");

		// the console, signed in: the hand-off with the user's message, the document's chunks, the audit trail
		this.browser.get("http://localhost:" + this.port + "/admin");
		find("#username").sendKeys(Http.ADMIN_USER);
		find("#password").sendKeys(Http.ADMIN_PASSWORD);
		find("#sign-in").click();
		this.wait.until(ExpectedConditions.titleContains("Dashboard"));
		this.browser.get("http://localhost:" + this.port + "/admin/handoffs");
		find("#handoffs tr a").click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".chat"), "onerror="));
		assertThat(find(".chat").getText()).contains("<img src=x onerror=");
		assertNothingRan("the hand-off page");
		Browser.screenshot(this.browser, "llm05-console-handoff");

		this.browser.get("http://localhost:" + this.port + "/admin/knowledge/ecommerce-support");
		find("#documents a[href$='/gift-wrapping.md']").click();
		this.wait.until(ExpectedConditions.titleContains("Chunks"));
		assertThat(find("main").getText()).contains(SCRIPT_PAYLOAD).contains(DOCUMENT_PAYLOAD);
		assertNothingRan("the chunks page");

		for (String page : List.of("/admin/audit", "/admin/knowledge/ecommerce-support", "/admin")) {
			this.browser.get("http://localhost:" + this.port + page);
			find("main");
			assertNothingRan(page);
		}
	}

	/** Sends a message in the widget and waits for the n-th answer. */
	private WebElement ask(SearchContext widget, String message, int nth) {
		WebElement input = widget.findElement(By.cssSelector("input[name=message]"));
		input.sendKeys(message);
		widget.findElement(By.cssSelector("form button")).click();
		return this.wait.until(d -> {
			List<WebElement> answers = widget.findElements(By.cssSelector(".msg.assistant[data-route]"));
			return answers.size() >= nth ? answers.get(nth - 1) : null;
		});
	}

	private WebElement find(String css) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	private void assertNothingRan(String where) {
		Object pwned = ((JavascriptExecutor) this.browser).executeScript("return window.__pwned === undefined ? null : String(window.__pwned);");
		assertThat(pwned).as("a payload ran on " + where).isNull();
		assertThat(this.browser.findElements(By.cssSelector("img[src='x'], main script"))).as(where).isEmpty();
	}

}
