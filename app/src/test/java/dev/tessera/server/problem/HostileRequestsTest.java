package dev.tessera.server.problem;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import dev.tessera.server.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input at scale: every operation of the OpenAPI document, called with operator credentials, with generated
 * path and query values, and bodies that are malformed, mistyped, missing or extra fields, huge, deeply nested or full
 * of control characters. No response may be a 5xx, every error must be RFC 9457 problem details without a trace of the
 * server's code, and the heap must not grow with the traffic.
 * <p>
 * The values come from a seeded generator written here: jqwik 1.10 (the property-testing library) is built for JUnit
 * Platform 1.x and this build runs JUnit 6, and what is generated is a short list of known-hostile shapes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/hostile-requests-${random.uuid}")
@DirtiesContext
class HostileRequestsTest {

	/** Requests per operation; with the document's operations this passes 10,000. */
	private static final int PER_OPERATION = 200;

	private static final List<String> HOSTILE = List.of("", " ", "null", "-1", "0", "9223372036854775808", "1e309",
			"NaN", "true", "../../etc/passwd", "..%2F..%2Fetc", "%00", "\u0000", "a\u0000b", "\u0007\u001b[2J",
			"\uD83D\uDE00\u202Eevil", "e\u0301\u0301\u0301", "<script>alert(1)</script>", "' OR 1=1 --",
			"${jndi:ldap://x/a}", "{{7*7}}", "a".repeat(10_000), "\uFFFF\uFFFE", "ordinary-value", "ecommerce-support",
			"admin", "x y", "line\nbreak", "tab\tbed", "\\\\server\\share", "C:\\Windows", "%", "%%", "?", "#", ";");

	@LocalServerPort
	int port;

	private final Random random = new Random(20261206);

	@Test
	void ten_thousand_hostile_requests_get_no_5xx_and_every_error_is_a_problem() {
		Http http = new Http(this.port);
		JsonNode document = http.get("/v3/api-docs").json();
		List<String[]> operations = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
				if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
					operations.add(new String[] { method.getKey().toUpperCase(), path.getKey() });
				}
			}
		}
		assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(40);

		// one round first, so that what a first call loads (caches, models) is in the heap before it is measured
		for (String[] operation : operations) {
			send(http, request(http, operation[0], operation[1]));
		}
		// every request generated first, from the seeded generator, then sent by a few clients at once
		List<String[]> labels = new ArrayList<>();
		List<HttpRequest.Builder> requests = new ArrayList<>();
		for (String[] operation : operations) {
			for (int i = 0; i < PER_OPERATION; i++) {
				labels.add(operation);
				requests.add(request(http, operation[0], operation[1]));
			}
		}
		long before = usedHeapAfterGc();
		List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, Long> nanosByOperation = new java.util.concurrent.ConcurrentHashMap<>();
		java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
		try (java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4)) {
			for (int i = 0; i < requests.size(); i++) {
				String[] operation = labels.get(i);
				HttpRequest.Builder request = requests.get(i);
				clients.submit(() -> {
					long started = System.nanoTime();
					Http.Response response;
					try {
						response = send(http, request);
					}
					catch (IllegalStateException closed) {
						// a kept-alive connection the server had closed after its previous answer: the request never
						// reached it, so it is sent once more on a new connection, as a client library would
						try {
							response = send(http, request);
						}
						catch (IllegalStateException noResponse) {
							failures.add(operation[0] + " " + operation[1] + ": no response (" + noResponse.getMessage()
									+ ")");
							return;
						}
					}
					nanosByOperation.merge(operation[0] + " " + operation[1], System.nanoTime() - started, Long::sum);
					sent.incrementAndGet();
					String failure = failure(response);
					if (failure != null && failures.size() < 50) {
						failures.add(operation[0] + " " + operation[1] + " -> " + response.status() + " ("
								+ response.raw().uri() + "): " + failure);
					}
				});
			}
		}
		long after = usedHeapAfterGc();
		nanosByOperation.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(8)
			.forEach(e -> System.out.printf("hostile requests, slowest operations: %s %.1f s%n", e.getKey(),
					e.getValue() / 1e9));

		assertThat(sent.get()).isGreaterThanOrEqualTo(10_000);
		assertThat(failures).as("responses that were a 5xx or not problem details").isEmpty();
		assertThat((double) after).as("used heap after a full GC, before %d bytes", before)
			.isLessThanOrEqualTo(before * 1.2);
		assertThat(http.get("/actuator/health").status()).isEqualTo(200);
	}

	/** Why the response is wrong, or {@code null}. */
	private static String failure(Http.Response response) {
		if (response.status() >= 500) {
			return "server error " + snippet(response.body());
		}
		if (response.status() >= 400 && !response.contentType().startsWith("application/problem+json")) {
			return "not problem details (" + response.contentType() + ") " + snippet(response.body());
		}
		String body = response.body();
		if (body.contains("Exception") || body.contains("at dev.tessera") || body.contains("<html")) {
			return "leaks the server's internals " + snippet(body);
		}
		return null;
	}

	private static String snippet(String body) {
		return body.length() > 200 ? body.substring(0, 200) + "…" : body;
	}

	private static Http.Response send(Http http, HttpRequest.Builder request) {
		return http.send(request);
	}

	private HttpRequest.Builder request(Http http, String method, String template) {
		String path = fill(template) + query();
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(URI.create(http.base() + path));
		}
		catch (IllegalArgumentException unsendable) {
			// the client cannot send it at all; Tomcat's own refusals are RejectedRequestsTest's
			request = HttpRequest.newBuilder(URI.create(http.base() + fill(template.replaceAll("\\{[^}]+}", "x"))));
		}
		String[] body = body();
		request.header("Content-Type", body[0]).header("Accept", this.random.nextInt(4) == 0 ? "*/*" : "application/json");
		HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofString(body[1]);
		return switch (method) {
			case "GET" -> request.GET();
			case "DELETE" -> request.DELETE();
			default -> request.method(method, publisher);
		};
	}

	/** The path with each {variable} replaced by a hostile value, encoded as a client would. */
	private String fill(String template) {
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (true) {
			int open = template.indexOf('{', at);
			if (open < 0) {
				return out.append(template.substring(at)).toString();
			}
			int close = template.indexOf('}', open);
			out.append(template, at, open).append(encode(hostile()));
			at = close + 1;
		}
	}

	private String query() {
		if (this.random.nextInt(3) != 0) {
			return "";
		}
		return "?" + encode(hostile()) + "=" + encode(hostile()) + "&limit=" + encode(hostile()) + "&page="
				+ encode(hostile());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private String hostile() {
		return HOSTILE.get(this.random.nextInt(HOSTILE.size()));
	}

	/** A content type and a body: malformed, mistyped or oversized JSON, or not JSON at all. */
	private String[] body() {
		return switch (this.random.nextInt(10)) {
			case 0 -> new String[] { "application/json", "{" };
			case 1 -> new String[] { "application/json", "[".repeat(5_000) + "]".repeat(5_000) };
			case 2 -> new String[] { "application/json", "{\"message\": " + quote(hostile()) + ", \"extra\": [1, {}]}" };
			case 3 -> new String[] { "text/plain", hostile() };
			case 4 -> new String[] { "multipart/form-data", "--x\r\n" + hostile() };
			case 5 -> new String[] { "application/json", "\"" + "x".repeat(200_000) + "\"" };
			default -> new String[] { "application/json", object() };
		};
	}

	/** A JSON object with generated field names and values of every JSON type, some nested. */
	private String object() {
		StringBuilder json = new StringBuilder("{");
		Iterator<String> names = List.of("message", "name", "role", "tenant", "enabled", "text", "label", "roles",
			"collection", "password", "url", "events", "scopes", "limit", "version", "id").iterator();
		boolean first = true;
		while (names.hasNext()) {
			String name = names.next();
			if (this.random.nextInt(3) == 0) {
				continue;
			}
			json.append(first ? "" : ",").append(quote(name)).append(':').append(value(2));
			first = false;
		}
		return json.append('}').toString();
	}

	private String value(int depth) {
		return switch (this.random.nextInt(depth > 0 ? 8 : 6)) {
			case 0 -> "null";
			case 1 -> this.random.nextBoolean() ? "true" : "false";
			case 2 -> List.of("-1", "0", "1e309", "-9223372036854775809", "3.5", "1" + "0".repeat(400))
				.get(this.random.nextInt(6));
			case 3, 4, 5 -> quote(hostile());
			case 6 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
			default -> "{" + quote(hostile()) + ":" + value(depth - 1) + "}";
		};
	}

	private static String quote(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
