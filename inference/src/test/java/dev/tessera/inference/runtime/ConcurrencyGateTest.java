package dev.tessera.inference.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyGateTest {

	@Test
	void rejects_at_once_when_the_wait_queue_is_full_and_after_the_timeout_otherwise() throws Exception {
		ConcurrencyGate gate = new ConcurrencyGate("m", 1, 1, Duration.ofMillis(300));
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			Future<String> holder = pool.submit(() -> gate.run(() -> {
				running.countDown();
				await(release);
				return "done";
			}));
			assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
			Future<Object> waiter = pool.submit(() -> gate.run(() -> "late"));
			while (gate.waiting() == 0) {
				Thread.onSpinWait();
			}
			// one running, one waiting: a third caller is turned away at once
			assertThatThrownBy(() -> gate.run(() -> "third")).isInstanceOf(ModelBusyException.class)
				.hasMessageContaining("1 inference(s) running and 1 waiting");
			// the waiter gives up after 300 ms
			assertThatThrownBy(waiter::get).hasCauseInstanceOf(ModelBusyException.class)
				.hasMessageContaining("no free slot within 300 ms");
			release.countDown();
			assertThat(holder.get()).isEqualTo("done");
		}
		assertThat(gate.run(() -> "free again")).isEqualTo("free again");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
