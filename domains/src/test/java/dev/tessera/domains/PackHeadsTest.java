package dev.tessera.domains;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.heads.TaskHeadTrainer;
import dev.tessera.core.heads.TrainedHead;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packs' examples train heads that get new questions right (real encoder, int8).
 */
class PackHeadsTest {

	static SentenceEncoder encoder;

	static Map<String, Map<String, TrainingSet>> examples;

	@BeforeAll
	static void read() {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("packs", 2, 8, Duration.ofSeconds(30)));
		PackExamples reader = new PackExamples(new PathMatchingResourcePatternResolver());
		examples = new java.util.TreeMap<>();
		for (AssistantDefinition pack : DemoPacks.all()) {
			examples.put(pack.id(), reader.read(pack));
		}
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	private static TrainedHead train(String pack, String head) {
		return new TaskHeadTrainer(encoder).train(head, examples.get(pack).get(head),
				HeadTrainingOptions.defaults());
	}

	@Test
	void every_pack_has_examples_with_out_of_scope_rows_or_several_labels() {
		assertThat(examples.get("ecommerce-support")).containsOnlyKeys("intent");
		assertThat(examples.get("medical-triage")).containsOnlyKeys("urgency");
		assertThat(examples.get("contract-review")).containsOnlyKeys("clause-type");
		assertThat(examples.get("ecommerce-support").get("intent").labels()).containsExactly("account", "complaints",
				"order_status", "out_of_scope", "payment_problems", "product_questions", "refunds", "returns",
				"shipping", "talk_to_a_person");
		assertThat(examples.get("medical-triage").get("urgency").labels()).containsExactly("emergency",
				"out_of_scope", "routine", "self_care", "urgent");
	}

	@Test
	void shop_intents_on_new_questions() {
		TrainedHead head = train("ecommerce-support", "intent");
		List<String> questions = List.of("My delivery was meant to come on Monday, where is it?",
				"How do I send back a dress that is too small?", "I still haven't had my money back for the return",
				"Do you ship to Norway?", "I got charged two times for the same thing", "Is this lamp available in white?",
				"I forgot my password", "Let me speak to someone real");
		List<String> expected = List.of("order_status", "returns", "refunds", "shipping", "payment_problems",
				"product_questions", "account", "talk_to_a_person");
		assertThat(head.head().predict(questions)).extracting(HeadPrediction::label)
			.containsExactlyElementsOf(expected);
		assertThat(head.heldOut().accuracy()).isGreaterThan(0.7);
		assertThat(head.head().predict(List.of("What's the tallest mountain in Africa?", "Who painted the Mona Lisa?")))
			.allSatisfy(p -> assertThat(p.decision()).isEmpty());
		assertThat(head.head().predict("Is my order on its way?").decision()).contains("order_status");
	}

	@Test
	void triage_urgency_on_new_descriptions() {
		TrainedHead head = train("medical-triage", "urgency");
		assertThat(head.head().predict("My wife suddenly can't speak and one side of her body is weak").label())
			.isEqualTo("emergency");
		assertThat(head.head().predict("I have a sniffle and a slightly sore throat").label()).isEqualTo("self_care");
	}

}
