package dev.tessera.server.ops;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** Waits on a webhook receiver (a WireMock server taking POST /hooks) for deliveries. */
final class WebhookReceiver {

	private WebhookReceiver() {
	}

	/** The deliveries once there are at least {@code count}; fails after the timeout saying how many came. */
	static List<LoggedRequest> await(WireMockServer receiver, int count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlEqualTo("/hooks")));
			if (requests.size() >= count) {
				return requests;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the receiver got " + requests.size() + " of " + count + " deliveries");
			}
			Thread.sleep(20);
		}
	}

}
