package dev.tessera.server.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.server.Http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos: the server is killed ({@code kill -9}) while it delivers a webhook. Restarted on the same data, it delivers
 * the event again — at least once, under the same delivery id, so a receiver can tell it has seen it — and records it
 * delivered.
 */
class KilledDuringDeliveryTest {

	static final WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@BeforeAll
	static void slowReceiver() {
		receiver.start();
		// slow enough that the first delivery is still open when the server dies
		receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop();
	}

	@Test
	void a_delivery_cut_by_kill_9_is_delivered_again_with_the_same_id_after_restart() throws Exception {
		Path data = Path.of("target", "test-data", "killed-delivery-" + UUID.randomUUID());
		String[] settings = { "--tessera.webhooks.endpoints[0].name=helpdesk",
				"--tessera.webhooks.endpoints[0].url=http://localhost:" + receiver.port() + "/hooks",
				"--tessera.webhooks.endpoints[0].secret=kill-test-secret",
				"--tessera.webhooks.endpoints[0].events=handoff.queued", "--tessera.webhooks.poll-interval=200ms",
				// a delivery takes at most 3 s; its claim lapses 11 s after it was taken
				"--tessera.webhooks.timeout=3s" };
		try (ServerProcess server = ServerProcess.start(data, settings)) {
			Http http = new Http(server.port());
			String conversation = http.startConversation("ecommerce-support");
			assertThat(http.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"I want to talk to a person please\"}").json().path("route").asString())
				.isEqualTo("HANDOFF_HUMAN");
			WebhookReceiver.await(receiver, 1, Duration.ofSeconds(30));
			server.kill();
		}
		List<LoggedRequest> cut = receiver.findAll(postRequestedFor(urlEqualTo("/hooks")));
		assertThat(cut).hasSize(1);
		String deliveryId = cut.get(0).getHeader("X-Tessera-Delivery");

		try (ServerProcess restarted = ServerProcess.start(data, settings)) {
			List<LoggedRequest> all = WebhookReceiver.await(receiver, 2, Duration.ofSeconds(40));
			assertThat(all).allSatisfy(request -> {
				assertThat(request.getHeader("X-Tessera-Delivery")).isEqualTo(deliveryId);
				assertThat(request.getHeader("X-Tessera-Event")).isEqualTo("handoff.queued");
			});
			Http http = new Http(restarted.port());
			long deadline = System.nanoTime() + 10_000_000_000L;
			String status = "";
			while (System.nanoTime() < deadline && !"DELIVERED".equals(status)) {
				status = http.get("/api/v1/admin/webhooks/deliveries/" + deliveryId).json().path("status").asString();
				Thread.sleep(100);
			}
			assertThat(status).isEqualTo("DELIVERED");
		}
	}

}
