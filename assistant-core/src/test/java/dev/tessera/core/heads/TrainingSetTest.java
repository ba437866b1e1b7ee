package dev.tessera.core.heads;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingSetTest {

	private static TrainingSet csv(String text) {
		return TrainingSet.fromCsv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "upload", "text",
				"label");
	}

	@Test
	void reads_examples_and_hashes_their_content_not_the_file_format() {
		TrainingSet plain = csv("text,label\nWhere is my order?,order_status\nI want a refund,refund\n");
		TrainingSet quoted = csv("label,text\r\n\"order_status\",\"Where is my order?\"\r\nrefund,\"I want a refund\"\r\n");
		assertThat(plain.examples()).containsExactly(new LabelledExample("Where is my order?", "order_status"),
				new LabelledExample("I want a refund", "refund"));
		assertThat(plain.sha256()).matches("[0-9a-f]{64}").isEqualTo(quoted.sha256());
		assertThat(plain.labels()).containsExactly("order_status", "refund");
		TrainingSet relabelled = csv("text,label\nWhere is my order?,shipping\nI want a refund,refund\n");
		assertThat(relabelled.sha256()).isNotEqualTo(plain.sha256());
	}

	@Test
	void names_the_missing_column_and_the_columns_there_are() {
		assertThatThrownBy(() -> csv("utterance,label\nhello,greeting\n")).isInstanceOf(InvalidTrainingDataException.class)
			.hasMessageContaining("no column 'text'")
			.hasMessageContaining("utterance");
	}

	@Test
	void names_the_row_with_an_empty_label() {
		assertThatThrownBy(() -> csv("text,label\nhello,greeting\nbye,\n")).isInstanceOf(InvalidTrainingDataException.class)
			.hasMessage("upload: row 3: empty 'label'");
	}

	@Test
	void rejects_a_header_without_examples_and_a_broken_file() {
		assertThatThrownBy(() -> csv("text,label\n")).isInstanceOf(InvalidTrainingDataException.class)
			.hasMessageContaining("no examples");
		assertThatThrownBy(() -> csv("text,label\n\"never closed,greeting\n"))
			.isInstanceOf(InvalidTrainingDataException.class)
			.hasMessageContaining("not a valid CSV file");
	}

	@Test
	void a_hash_that_does_not_match_the_examples_is_refused() {
		List<LabelledExample> examples = List.of(new LabelledExample("a", "x"));
		assertThatThrownBy(() -> new TrainingSet(examples, "0".repeat(64))).isInstanceOf(IllegalArgumentException.class);
	}

}
