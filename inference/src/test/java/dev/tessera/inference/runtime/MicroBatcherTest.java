package dev.tessera.inference.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroBatcherTest {

	/** The passes the "model" (upper-casing) ran, by their items; the first pass can be held until released. */
	private final List<List<String>> passes = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch firstPassRunning = new CountDownLatch(1);

	private final CountDownLatch releaseFirstPass = new CountDownLatch(1);

	private final Function<List<String>, List<String>> upperCase = items -> {
		this.passes.add(List.copyOf(items));
		if (this.passes.size() == 1) {
			this.firstPassRunning.countDown();
			await(this.releaseFirstPass);
		}
		if (items.contains("bad")) {
			throw new IllegalArgumentException("cannot read 'bad'");
		}
		return items.stream().map(String::toUpperCase).toList();
	};

	@Test
	void a_lone_request_runs_at_once_in_a_pass_of_its_own() {
		this.releaseFirstPass.countDown();
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 1, 8, Duration.ofSeconds(5)), 4, true)) {
			assertThat(batcher.run(List.of("a", "b"))).containsExactly("A", "B");
			assertThat(batcher.run(List.of("c"))).containsExactly("C");
			assertThat(this.passes).containsExactly(List.of("a", "b"), List.of("c"));
		}
	}

	@Test
	void requests_waiting_while_the_model_is_busy_share_the_next_pass_and_each_gets_its_own_results()
			throws Exception {
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 1, 8, Duration.ofSeconds(5)), 8, true);
				ExecutorService callers = Executors.newFixedThreadPool(4)) {
			Future<List<String>> first = callers.submit(() -> batcher.run(List.of("first")));
			assertThat(this.firstPassRunning.await(5, TimeUnit.SECONDS)).isTrue();
			List<Future<List<String>>> waiting = new ArrayList<>();
			for (String text : List.of("x", "y", "z")) {
				waiting.add(callers.submit(() -> batcher.run(List.of(text, text + text))));
			}
			while (batcher.waiting() < 3) {
				Thread.onSpinWait();
			}
			this.releaseFirstPass.countDown();

			assertThat(first.get()).containsExactly("FIRST");
			assertThat(waiting.get(0).get()).containsExactly("X", "XX");
			assertThat(waiting.get(1).get()).containsExactly("Y", "YY");
			assertThat(waiting.get(2).get()).containsExactly("Z", "ZZ");
			// one pass for the three waiting requests, six items
			assertThat(this.passes).hasSize(2);
			assertThat(this.passes.get(1)).containsExactlyInAnyOrder("x", "xx", "y", "yy", "z", "zz");
			assertThat(batcher.passes()).isEqualTo(2);
			assertThat(batcher.items()).isEqualTo(7);
		}
	}

	@Test
	void without_sharing_each_waiting_request_runs_in_a_pass_of_its_own() throws Exception {
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 1, 8, Duration.ofSeconds(5)), 8, false);
				ExecutorService callers = Executors.newFixedThreadPool(3)) {
			Future<List<String>> first = callers.submit(() -> batcher.run(List.of("first")));
			assertThat(this.firstPassRunning.await(5, TimeUnit.SECONDS)).isTrue();
			Future<List<String>> x = callers.submit(() -> batcher.run(List.of("x", "xx")));
			Future<List<String>> y = callers.submit(() -> batcher.run(List.of("y")));
			while (batcher.waiting() < 2) {
				Thread.onSpinWait();
			}
			this.releaseFirstPass.countDown();

			assertThat(first.get()).containsExactly("FIRST");
			assertThat(x.get()).containsExactly("X", "XX");
			assertThat(y.get()).containsExactly("Y");
			assertThat(this.passes).containsExactlyInAnyOrder(List.of("first"), List.of("x", "xx"), List.of("y"));
		}
	}

	@Test
	void a_pass_never_exceeds_the_batch_and_a_large_request_is_cut_into_parts_in_order() {
		this.releaseFirstPass.countDown();
		List<String> items = IntStream.range(0, 10).mapToObj(i -> "t" + i).toList();
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 2, 8, Duration.ofSeconds(5)), 4, true)) {
			assertThat(batcher.run(items)).containsExactlyElementsOf(items.stream().map(String::toUpperCase).toList());
		}
		assertThat(this.passes).extracting(List::size).containsExactly(4, 4, 2);
	}

	@Test
	void a_full_queue_turns_callers_away_at_once_and_a_request_left_waiting_too_long_gives_up() throws Exception {
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 1, 1, Duration.ofMillis(300)), 4, true);
				ExecutorService callers = Executors.newFixedThreadPool(2)) {
			Future<List<String>> holder = callers.submit(() -> batcher.run(List.of("first")));
			assertThat(this.firstPassRunning.await(5, TimeUnit.SECONDS)).isTrue();
			Future<List<String>> waiter = callers.submit(() -> batcher.run(List.of("late")));
			while (batcher.waiting() == 0) {
				Thread.onSpinWait();
			}
			assertThatThrownBy(() -> batcher.run(List.of("third"))).isInstanceOf(ModelBusyException.class)
				.hasMessageContaining("1 inference(s) running and 1 waiting");
			Thread.sleep(400);
			this.releaseFirstPass.countDown();

			assertThat(holder.get()).containsExactly("FIRST");
			assertThatThrownBy(waiter::get).hasCauseInstanceOf(ModelBusyException.class)
				.hasMessageContaining("no free slot within 300 ms");
			assertThat(batcher.run(List.of("free again"))).containsExactly("FREE AGAIN");
		}
	}

	@Test
	void a_bad_item_fails_only_the_request_it_came_in() throws Exception {
		try (MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 1, 8, Duration.ofSeconds(5)), 8, true);
				ExecutorService callers = Executors.newFixedThreadPool(3)) {
			Future<List<String>> first = callers.submit(() -> batcher.run(List.of("first")));
			assertThat(this.firstPassRunning.await(5, TimeUnit.SECONDS)).isTrue();
			Future<List<String>> bad = callers.submit(() -> batcher.run(List.of("bad")));
			Future<List<String>> good = callers.submit(() -> batcher.run(List.of("good")));
			while (batcher.waiting() < 2) {
				Thread.onSpinWait();
			}
			this.releaseFirstPass.countDown();

			assertThat(first.get()).containsExactly("FIRST");
			assertThat(good.get()).containsExactly("GOOD");
			assertThatThrownBy(bad::get).hasCauseInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("cannot read 'bad'");
		}
	}

	@Test
	void closing_releases_the_callers_still_waiting() throws Exception {
		MicroBatcher<String, String> batcher = new MicroBatcher<>("m", this.upperCase,
				new ConcurrencyGate("m", 1, 8, Duration.ofSeconds(30)), 4, true);
		try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
			callers.submit(() -> batcher.run(List.of("first")));
			assertThat(this.firstPassRunning.await(5, TimeUnit.SECONDS)).isTrue();
			Future<List<String>> waiter = callers.submit(() -> batcher.run(List.of("late")));
			while (batcher.waiting() == 0) {
				Thread.onSpinWait();
			}
			batcher.close();
			assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ModelBusyException.class)
				.hasMessageContaining("closed");
			this.releaseFirstPass.countDown();
		}
		assertThatThrownBy(() -> batcher.run(List.of("after"))).isInstanceOf(ModelBusyException.class)
			.hasMessageContaining("shutting down");
	}

	@Test
	void after_closing_one_can_wait_for_the_pass_in_flight_before_freeing_the_model() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
		// like a pass in native code, this one does not stop when its thread is interrupted
		MicroBatcher<String, String> batcher = new MicroBatcher<>("m", items -> {
			running.countDown();
			while (!release.get()) {
				Thread.onSpinWait();
			}
			return items.stream().map(String::toUpperCase).toList();
		}, new ConcurrencyGate("m", 1, 8, Duration.ofSeconds(30)), 4, true);
		try (ExecutorService callers = Executors.newFixedThreadPool(1)) {
			Future<List<String>> inFlight = callers.submit(() -> batcher.run(List.of("first")));
			assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
			batcher.close();
			// the pass is still in the model: not stopped yet
			assertThat(batcher.awaitStopped(Duration.ofMillis(200))).isFalse();
			release.set(true);
			assertThat(batcher.awaitStopped(Duration.ofSeconds(5))).isTrue();
			assertThat(inFlight.get(5, TimeUnit.SECONDS)).containsExactly("FIRST");
		}
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
