package dev.tessera.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the server under test: tests see exactly the bytes a client would.
 */
public final class Http {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient DEFAULT_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final HttpClient client;

	/** The first administrator every test server creates (src/test/resources/config/application.yaml). */
	public static final String ADMIN_USER = "admin";

	public static final String ADMIN_PASSWORD = "test-admin-password";

	private final String base;

	/** The value of the Authorization header sent with every request, or null for none. */
	private final String authorization;

	/** A client signed in as the test administrator. */
	public Http(int port) {
		this("http://localhost:" + port, basic(ADMIN_USER, ADMIN_PASSWORD), DEFAULT_CLIENT);
	}

	private Http(String base, String authorization, HttpClient client) {
		this.base = base;
		this.authorization = authorization;
		this.client = client;
	}

	/**
	 * The same server and credentials, sent from this local address (e.g. 127.0.0.2: every 127.x address is this
	 * machine), as a client elsewhere on the network would; the server is then reached on 127.0.0.1.
	 */
	public Http from(java.net.InetAddress localAddress) {
		return new Http(this.base.replace("//localhost:", "//127.0.0.1:"), this.authorization,
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).localAddress(localAddress).build());
	}

	public String base() {
		return this.base;
	}

	public int port() {
		return URI.create(this.base).getPort();
	}

	/** The same server, with an operator's credentials. */
	public Http as(String username, String password) {
		return new Http(this.base, basic(username, password), this.client);
	}

	/** The same server, as a chat client with this API key. */
	public Http withApiKey(String secret) {
		return new Http(this.base, "Bearer " + secret, this.client);
	}

	/** The same server, with no credentials at all. */
	public Http anonymous() {
		return new Http(this.base, null, this.client);
	}

	private static String basic(String username, String password) {
		return "Basic " + java.util.Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	public Response get(String path, String accept) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept).GET());
	}

	public Response postJson(String path, String json) {
		return post(path, "application/json", "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	public Response post(String path, String contentType, String accept, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(request);
	}

	/** A multipart/form-data POST with one part named {@code file} per entry (file name -> bytes). */
	public Response upload(String path, java.util.Map<String, byte[]> files) {
		String boundary = "tessera-test-" + System.nanoTime();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		files.forEach((name, bytes) -> {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			body.writeBytes(bytes);
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		});
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return post(path, "multipart/form-data; boundary=" + boundary, "application/json", body.toByteArray());
	}

	public Response put(String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	public Response delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE());
	}

	public Response send(HttpRequest.Builder request) {
		if (this.authorization != null) {
			request.setHeader("Authorization", this.authorization);
		}
		try {
			HttpResponse<String> response = this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(""), response.body(), response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String startConversation(String assistant) {
		Response created = post("/api/v1/assistants/" + assistant + "/conversations", null, "application/json",
				new byte[0]);
		if (created.status() != 201) {
			throw new IllegalStateException("could not start a conversation: " + created);
		}
		return created.json().path("id").asString();
	}

	public record Response(int status, String contentType, String location, String body, HttpResponse<String> raw) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
