package dev.tessera.core.heads;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * Heads trained on the real bundled encoder (int8) from a small set of shop questions written for this test.
 */
class TaskHeadTest {

	static SentenceEncoder encoder;

	static TextEmbedder embedder;

	static TrainingSet shop;

	static TrainedHead trained;

	@BeforeAll
	static void train() throws Exception {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("heads", 2, 8, Duration.ofSeconds(30)));
		embedder = encoder;
		try (InputStream in = TaskHeadTest.class.getResourceAsStream("/heads/shop-intents.csv")) {
			shop = TrainingSet.fromCsv(in, "shop-intents.csv", "text", "intent");
		}
		trained = new TaskHeadTrainer(embedder).train("intent", shop, HeadTrainingOptions.defaults());
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	@Test
	void answers_questions_it_was_not_trained_on() {
		List<String> questions = List.of("My parcel still hasn't turned up, where is it?",
				"How can I send back a pair of trousers?", "I am still waiting for the money from my return",
				"Do you offer express delivery to Ireland?", "Your site charged my card two times");
		List<String> expected = List.of("order_status", "returns", "refund", "shipping", "payment_problem");
		List<HeadPrediction> predictions = trained.head().predict(questions);
		assertThat(predictions).extracting(HeadPrediction::label).containsExactlyElementsOf(expected);
		assertThat(predictions).allSatisfy(p -> assertThat(p.decision()).contains(p.label()));
	}

	@Test
	void says_none_of_these_to_questions_outside_the_shop() {
		HeadSpec spec = trained.head().spec();
		assertThat(spec.labels()).containsExactly("order_status", "payment_problem", "refund", "returns", "shipping");
		assertThat(spec.outOfScopeClass()).isTrue();
		List<HeadPrediction> offTopic = trained.head()
			.predict(List.of("What is the tallest building in the world?", "Can you help me with my maths homework?"));
		assertThat(offTopic).allSatisfy(p -> {
			assertThat(p.outOfScope()).isTrue();
			assertThat(p.decision()).isEmpty();
			// the label stays the nearest in-scope one, for whoever wants a hint
			assertThat(spec.labels()).contains(p.label());
			assertThat(p.ranking().get(0).label().equals(HeadTrainingOptions.OUT_OF_SCOPE)
					|| p.confidence() < spec.outOfScopeThreshold()).isTrue();
		});
		assertThat(trained.heldOut().outOfScopeRecall()).isGreaterThan(0.5);
		assertThat(trained.folds()).isEqualTo(5);
		assertThat(trained.trainedOn()).isEqualTo(60);
	}

	@Test
	void probabilities_are_a_ranked_distribution_over_the_labels() {
		HeadPrediction p = trained.head().predict("I'd like to return a broken kettle");
		assertThat(p.ranking()).hasSize(6); // five labels and out_of_scope
		assertThat(p.ranking().stream().mapToDouble(HeadPrediction.LabelProbability::probability).sum()).isCloseTo(1,
				within(1e-9));
		assertThat(p.ranking()).isSortedAccordingTo((a, b) -> Double.compare(b.probability(), a.probability()));
		assertThat(p.outOfScope()).isFalse();
		assertThat(p.confidence()).isEqualTo(p.ranking().get(0).probability());
		assertThat(p.label()).isEqualTo(p.ranking().get(0).label()).isEqualTo("returns");
		// calibration changes confidence, never the ranking
		HeadPrediction raw = trained.head().predictUncalibrated(List.of("I'd like to return a broken kettle")).get(0);
		assertThat(raw.label()).isEqualTo(p.label());
	}

	@Test
	void the_same_data_and_seed_train_the_same_head() {
		TrainedHead again = new TaskHeadTrainer(embedder).train("intent", shop, HeadTrainingOptions.defaults());
		assertThat(again.head().spec().temperature()).isEqualTo(trained.head().spec().temperature());
		assertThat(again.head().spec().outOfScopeThreshold()).isEqualTo(trained.head().spec().outOfScopeThreshold());
		String text = "Where has my delivery got to?";
		assertThat(again.head().predict(text)).isEqualTo(trained.head().predict(text));
	}

	@Test
	void saved_versions_load_back_exactly(@TempDir Path root) throws Exception {
		TaskHeadStore store = new TaskHeadStore(root, embedder);
		assertThat(store.latest("intent")).isEmpty();
		TaskHead first = store.save(trained);
		TaskHead second = store.save(trained);
		assertThat(first.spec().version()).isEqualTo(1);
		assertThat(second.spec().version()).isEqualTo(2);
		assertThat(store.versions("intent")).containsExactly(1, 2);

		TaskHead loaded = store.load("intent", 1);
		assertThat(loaded.spec()).isEqualTo(first.spec());
		assertThat(loaded.spec().trainingSha256()).isEqualTo(shop.sha256());
		List<String> texts = List.of("Where is order 981?", "Tell me about black holes", "Refund please");
		assertThat(loaded.predict(texts)).isEqualTo(trained.head().predict(texts));
		assertThat(store.latest("intent")).get().extracting(h -> h.spec().version()).isEqualTo(2);

		Path folder = root.resolve("intent").resolve("v1");
		assertThat(folder.resolve(TaskHeadStore.MODEL_FILE)).isRegularFile();
		assertThat(store.evaluation("intent", 1)).contains("\"accuracy\"")
			.contains("\"temperature\"")
			.contains(shop.sha256())
			.contains("5-fold cross-fitting");
	}

	@Test
	void a_changed_model_file_or_another_encoder_is_refused(@TempDir Path root) throws Exception {
		TaskHeadStore store = new TaskHeadStore(root, embedder);
		store.save(trained);
		Path model = root.resolve("intent/v1").resolve(TaskHeadStore.MODEL_FILE);
		byte[] bytes = Files.readAllBytes(model);
		bytes[bytes.length / 2] ^= 1;
		Files.write(model, bytes);
		assertThatThrownBy(() -> store.load("intent", 1)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("model.tribuo")
			.hasMessageContaining("changed or damaged");

		Path other = root.resolve("other");
		new TaskHeadStore(other, embedder).save(trained);
		TextEmbedder full = new TextEmbedder() {
			@Override
			public String name() {
				return "all-minilm-l6-v2";
			}

			@Override
			public List<float[]> embed(List<String> texts) {
				return embedder.embed(texts);
			}
		};
		assertThatThrownBy(() -> new TaskHeadStore(other, full).load("intent", 1))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("trained on encoder 'all-minilm-l6-v2-q'");
		assertThatThrownBy(() -> store.load("intent", 7)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no head 'intent' version 7");
	}

	/** Two labels with 60 examples each, written from templates: enough for the neighbour gate. */
	private static TrainingSet parcelsAndRefunds() {
		List<LabelledExample> examples = new java.util.ArrayList<>();
		String[] things = { "parcel", "package", "order", "delivery", "shipment", "box" };
		String[] asks = { "Where is my %s?", "Has my %s shipped yet?", "When will my %s arrive?",
				"Can you track my %s for me?", "My %s is late, where is it?", "Is my %s on its way?",
				"I still have not received my %s", "What is the status of my %s?", "Tracking for my %s please",
				"How long until my %s gets here?" };
		String[] refunds = { "I want my money back for the %s", "Please refund the %s I returned",
				"When do I get the refund for my %s?", "Refund the %s, it arrived broken",
				"Has the refund for my %s gone through?", "I was charged for a %s I cancelled, refund it",
				"How do I get a refund on this %s?", "Money back for the damaged %s please",
				"The %s was wrong, I need a refund", "Can I get a refund for the %s?" };
		for (String thing : things) {
			for (String ask : asks) {
				examples.add(new LabelledExample(String.format(ask, thing), "tracking"));
			}
			for (String refund : refunds) {
				examples.add(new LabelledExample(String.format(refund, thing), "refund"));
			}
		}
		return TrainingSet.of(examples);
	}

	@Test
	void with_enough_examples_a_message_unlike_all_of_them_is_out_of_scope_whatever_the_classifier_says(
			@TempDir Path root) {
		TrainedHead head = new TaskHeadTrainer(embedder).train("parcels", parcelsAndRefunds(),
				HeadTrainingOptions.defaults());
		double threshold = head.head().spec().neighbourThreshold();
		assertThat(threshold).isBetween(0.0, 1.0);

		HeadPrediction inScope = head.head().predict("where has my parcel got to?");
		assertThat(inScope.decision()).hasValue("tracking");
		assertThat(inScope.nearestExample()).isGreaterThanOrEqualTo(threshold);
		HeadPrediction recipe = head.head().predict("How long should I boil an egg for a soft yolk?");
		assertThat(recipe.outOfScope()).isTrue();
		assertThat(recipe.nearestExample()).isLessThan(threshold);

		// saved and loaded, the head keeps its examples and decides alike
		TaskHeadStore store = new TaskHeadStore(root, embedder);
		store.save(head);
		TaskHead loaded = store.load("parcels", 1);
		assertThat(loaded.predict("How long should I boil an egg for a soft yolk?")).isEqualTo(recipe);
		assertThat(root.resolve("parcels/v1").resolve(TaskHeadStore.NEIGHBOURS_FILE)).isRegularFile();

		// the shop's 60 examples over 5 labels are too few: no gate, and nothing kept
		assertThat(trained.head().spec().neighbourThreshold()).isEqualTo(TaskHeadTrainer.NO_NEIGHBOUR_GATE);
		assertThat(trained.head().neighbours()).isEmpty();
	}

	@Test
	void refuses_data_that_cannot_train_a_head() {
		TaskHeadTrainer trainer = new TaskHeadTrainer(embedder);
		TrainingSet oneLabel = TrainingSet.of(List.of(new LabelledExample("a", "x"), new LabelledExample("b", "x"),
				new LabelledExample("c", HeadTrainingOptions.OUT_OF_SCOPE)));
		assertThatThrownBy(() -> trainer.train("h", oneLabel, HeadTrainingOptions.defaults()))
			.isInstanceOf(InvalidTrainingDataException.class)
			.hasMessageContaining("at least two labels");
		TrainingSet single = TrainingSet.of(List.of(new LabelledExample("a", "x"), new LabelledExample("b", "x"),
				new LabelledExample("c", "y")));
		assertThatThrownBy(() -> trainer.train("h", single, HeadTrainingOptions.defaults()))
			.isInstanceOf(InvalidTrainingDataException.class)
			.hasMessageContaining("[y]");
	}

	@Test
	void the_understand_stage_reads_the_head_after_the_domain_rules(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
		TaskHeadService service = new TaskHeadService(dir, embedder, HeadTrainingOptions.defaults());
		dev.tessera.core.assistant.AssistantDefinition faq = dev.tessera.core.testing.TestPacks.faqBot();
		service.loadOrTrain(faq.id(), "intent", shop);
		var understanding = new dev.tessera.core.turn.understand.HeadUnderstanding(
				new dev.tessera.core.turn.understand.DomainRuleUnderstanding(), service);

		var refund = understanding.understand(faq, "I am still waiting for the money from my return");
		assertThat(refund.intent()).contains("intent=refund");
		assertThat(refund.intentConfidence()).isGreaterThan(0.5);
		assertThat(refund.matchedRule()).isEmpty();

		var complaint = understanding.understand(faq, "I have a complaint: my parcel never came");
		assertThat(complaint.matchedRule()).hasValueSatisfying(rule -> assertThat(rule.name()).isEqualTo("complaint"));
		assertThat(complaint.intent()).isPresent();

		var offTopic = understanding.understand(faq, "What is the tallest building in the world?");
		assertThat(offTopic.intent()).contains("intent=none of these");
		assertThat(offTopic.intentConfidence()).isZero();

		var withoutHeads = understanding.understand(dev.tessera.core.testing.TestPacks.routedFaq(),
				"I am still waiting for the money from my return");
		assertThat(withoutHeads.intent()).isEmpty();
	}

}
