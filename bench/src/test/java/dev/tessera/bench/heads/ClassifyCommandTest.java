package dev.tessera.bench.heads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.TrainingSet;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifyCommandTest {

	@Test
	void a_few_examples_per_label_keeps_at_most_that_many_of_each_in_the_datas_order() {
		List<LabelledExample> examples = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			examples.add(new LabelledExample("track " + i, "track_order"));
			if (i < 3) {
				examples.add(new LabelledExample("refund " + i, "get_refund"));
			}
		}

		TrainingSet few = ClassifyCommand.fewPerLabel(TrainingSet.of(examples), 5, new Random(7));

		Map<String, Long> perLabel = few.examples().stream()
			.collect(Collectors.groupingBy(LabelledExample::label, Collectors.counting()));
		assertThat(perLabel).containsEntry("track_order", 5L).containsEntry("get_refund", 3L);
		assertThat(few.examples()).isSubsetOf(examples);
		List<Integer> order = few.examples().stream().map(examples::indexOf).toList();
		assertThat(order).isSorted();
		assertThat(ClassifyCommand.fewPerLabel(TrainingSet.of(examples), 5, new Random(7)).examples())
			.as("the same seed chooses the same examples")
			.isEqualTo(few.examples());
		assertThat(few.examples()).extracting(Function.identity()).doesNotHaveDuplicates();
	}

}
