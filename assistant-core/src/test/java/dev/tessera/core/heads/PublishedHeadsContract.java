package dev.tessera.core.heads;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two servers (two {@link TaskHeadService}s with their own data directories) on one database: a version trained on
 * one is served by the other after its refresh, a start-up finds the published version instead of training again,
 * and two servers training at once publish two numbers. Implemented once per database, on the real encoder.
 */
public abstract class PublishedHeadsContract {

	static SentenceEncoder encoder;

	static TrainingSet shop;

	protected abstract DataSource dataSource();

	@TempDir
	Path firstData;

	@TempDir
	Path secondData;

	private String assistant;

	@BeforeAll
	static void loadEncoder() throws Exception {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("heads", 2, 8, Duration.ofSeconds(30)));
		try (InputStream in = PublishedHeadsContract.class.getResourceAsStream("/heads/shop-intents.csv")) {
			shop = TrainingSet.fromCsv(in, "shop-intents.csv", "text", "intent");
		}
	}

	@AfterAll
	static void closeEncoder() {
		encoder.close();
	}

	@BeforeEach
	void migrate() {
		new TesseraSchema(dataSource()).migrate();
		// a fresh assistant per test: the PostgreSQL schema is shared by the tests of a class
		this.assistant = "shop-" + Long.toHexString(System.nanoTime());
	}

	private JdbcHeadVersions published() {
		return new JdbcHeadVersions(JdbcClient.create(dataSource()),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource())), Clock.systemUTC());
	}

	private TaskHeadService server(Path data) {
		return new TaskHeadService(data, encoder, HeadTrainingOptions.defaults(), published());
	}

	/** The examples with one more, so that a retrain is a different head. */
	private static TrainingSet moreExamples(String text) {
		List<LabelledExample> examples = new java.util.ArrayList<>(shop.examples());
		examples.add(new LabelledExample(text, examples.get(0).label()));
		return TrainingSet.of(examples);
	}

	@Test
	void a_version_trained_on_one_server_is_served_by_the_other_after_its_refresh() {
		TaskHeadService first = server(this.firstData);
		TaskHeadService second = server(this.secondData);
		first.loadOrTrain(this.assistant, "intent", shop);
		assertThat(second.refresh()).containsExactly(this.assistant + "/intent v1");
		assertThat(second.require(this.assistant, "intent").spec().version()).isEqualTo(1);

		first.retrain(this.assistant, "intent", moreExamples("where is the money for my returned shoes"));
		assertThat(second.require(this.assistant, "intent").spec().version()).as("before its refresh").isEqualTo(1);
		assertThat(second.refresh()).containsExactly(this.assistant + "/intent v2");
		TaskHead onSecond = second.require(this.assistant, "intent");
		TaskHead onFirst = first.require(this.assistant, "intent");
		assertThat(onSecond.spec()).isEqualTo(onFirst.spec());
		String question = "I sent the parcel back two weeks ago and have no refund";
		assertThat(onSecond.predict(question).label()).isEqualTo(onFirst.predict(question).label());
		assertThat(onSecond.predict(question).confidence()).isEqualTo(onFirst.predict(question).confidence());
		assertThat(second.evaluation(this.assistant, "intent")).isEqualTo(first.evaluation(this.assistant, "intent"));
		assertThat(second.refresh()).as("taken in once").isEmpty();
	}

	@Test
	void a_server_starting_finds_the_published_version_and_does_not_train_again() {
		server(this.firstData).loadOrTrain(this.assistant, "intent", shop);
		TaskHeadService second = server(this.secondData);

		TaskHead head = second.loadOrTrain(this.assistant, "intent", shop);

		assertThat(head.spec().version()).isEqualTo(1);
		assertThat(published().latest(this.assistant, "intent")).hasValue(1);
		assertThat(this.secondData.resolve(this.assistant).resolve("intent").resolve("v1").resolve("model.tribuo"))
			.as("copied from the database").isRegularFile();
	}

	@Test
	void two_servers_training_at_once_publish_two_numbers_and_both_serve_the_last() throws Exception {
		TaskHeadService first = server(this.firstData);
		TaskHeadService second = server(this.secondData);
		first.loadOrTrain(this.assistant, "intent", shop);
		second.refresh();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<TrainedHead> a = pool.submit(() -> first.retrain(this.assistant, "intent", moreExamples("a")));
			Future<TrainedHead> b = pool.submit(() -> second.retrain(this.assistant, "intent", moreExamples("b")));
			Set<Integer> versions = new HashSet<>(
					List.of(a.get().head().spec().version(), b.get().head().spec().version()));
			assertThat(versions).containsExactlyInAnyOrder(2, 3);
		}
		finally {
			pool.shutdown();
		}
		first.refresh();
		second.refresh();
		assertThat(first.require(this.assistant, "intent").spec().version()).isEqualTo(3);
		assertThat(second.require(this.assistant, "intent").spec().version()).isEqualTo(3);
		assertThat(first.require(this.assistant, "intent").spec())
			.isEqualTo(second.require(this.assistant, "intent").spec());
	}

	@Test
	void a_version_number_is_published_once() {
		JdbcHeadVersions versions = published();
		versions.publish(this.assistant, "intent", 1, Map.of("head.json", new byte[] { 1 }));
		assertThatThrownBy(() -> versions.publish(this.assistant, "intent", 1, Map.of("head.json", new byte[] { 2 })))
			.isInstanceOf(HeadVersions.VersionTakenException.class)
			.hasMessageContaining("version 1 of head 'intent'");
		assertThat(versions.files(this.assistant, "intent", 1).get("head.json")).containsExactly(1);
		assertThat(versions.serving()).contains(new HeadVersions.Serving(this.assistant, "intent", 1));
	}

	@Test
	void a_damaged_published_copy_is_refused_and_the_served_version_stays() {
		TaskHeadService first = server(this.firstData);
		TaskHeadService second = server(this.secondData);
		first.loadOrTrain(this.assistant, "intent", shop);
		second.refresh();
		Map<String, byte[]> files = new java.util.HashMap<>(published().files(this.assistant, "intent", 1));
		files.put("model.tribuo", new byte[] { 0, 1, 2 });
		published().publish(this.assistant, "intent", 2, files);

		assertThat(second.refresh()).isEmpty();
		assertThat(second.require(this.assistant, "intent").spec().version()).isEqualTo(1);
	}

}
