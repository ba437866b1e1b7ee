package dev.tessera.core.heads;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NeighbourIndexTest {

	private static final NeighbourIndex INDEX = NeighbourIndex.of(List.of(new float[] { 1, 0, 0 },
			new float[] { 2, 0.2f, 0 }, new float[] { 0, 3, 0 }, new float[] { 0, 0, 1 }));

	@Test
	void nearest_is_the_best_cosine_similarity_whatever_the_lengths() {
		assertThat(INDEX.nearest(new float[] { 5, 0, 0 })).isCloseTo(1.0, within(1e-6));
		// (1, 1, 0) is nearest to (2, 0.2, 0): 2.2 / (√2 · √4.04)
		assertThat(INDEX.nearest(new float[] { 1, 1, 0 })).isCloseTo(2.2 / (Math.sqrt(2) * Math.sqrt(4.04)), within(1e-6));
		assertThat(INDEX.nearest(new float[] { -1, 0, 0 })).isCloseTo(0.0, within(1e-6));
	}

	@Test
	void the_rejection_threshold_judges_each_example_against_the_others() {
		// leave one out: the two x vectors are each other's neighbours (0.995), y and z are orthogonal to all (0)
		assertThat(INDEX.rejectionThreshold(0.0, 100)).isCloseTo(0.0, within(1e-6));
		assertThat(INDEX.rejectionThreshold(0.5, 100)).isCloseTo(2 / Math.sqrt(4.04), within(1e-6));
	}

	@Test
	void written_and_read_back_it_is_the_same() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		INDEX.write(out);
		NeighbourIndex read = NeighbourIndex.read(new ByteArrayInputStream(out.toByteArray()));

		assertThat(read.size()).isEqualTo(4);
		assertThat(read.nearest(new float[] { 1, 1, 0 })).isEqualTo(INDEX.nearest(new float[] { 1, 1, 0 }));
	}

}
