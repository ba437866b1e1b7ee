package dev.tessera.server.problem;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before any controller — by Tomcat while parsing, or by the security firewall — get RFC 9457
 * problems like every other error, never Tomcat's HTML page or Spring's default error JSON. Sent over a raw socket,
 * since an HTTP client would refuse to send most of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/rejected-requests-${random.uuid}")
class RejectedRequestsTest {

	@LocalServerPort
	int port;

	private String send(String head) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			int n;
			while ((n = in.read(buffer)) > 0) {
				response.write(buffer, 0, n);
			}
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /api/v1/assistants/%00 HTTP/1.1", "GET /api/v1/../../etc/passwd HTTP/1.1",
			"GET /api/v1//assistants HTTP/1.1", "GET /api/v1/assistants;jsessionid=x/../x HTTP/1.1",
			"GET /api/v1/a\\b HTTP/1.1" })
	void a_path_or_query_refused_before_any_controller_is_a_problem(String requestLine) throws Exception {
		String response = send(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(response).as(response).startsWith("HTTP/1.1 4");
		assertThat(response.toLowerCase()).as(response).contains("content-type: application/problem+json");
		assertThat(response).contains("\"status\":4").contains("/rejected-request\"")
			.doesNotContain("<html")
			.doesNotContain("Exception");
	}

	@ParameterizedTest
	@ValueSource(ints = { 20_000, 70_000 })
	void an_over_long_header_is_a_problem(int length) throws Exception {
		String response = send("GET /api/v1/assistants HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "a".repeat(length)
				+ "\r\nConnection: close\r\n\r\n");

		assertThat(response).as(response).startsWith("HTTP/1.1 4");
		assertThat(response.toLowerCase()).as(response).contains("content-type: application/problem+json");
		assertThat(response).doesNotContain("<html");
	}

}
