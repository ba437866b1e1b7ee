package dev.tessera.server.ops;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.tessera.server.TesseraServerApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The embedded store (H2 file and Lucene index) belongs to one server: a second server started on the same data
 * directory refuses to start, and says why and what to do instead (the postgres profile) rather than a stack trace.
 */
class OneServerPerDataDirectoryTest {

	@Test
	void a_second_server_on_the_same_data_directory_refuses_to_start_pointing_to_the_postgres_profile()
			throws Exception {
		Path data = Path.of("target", "test-data", "one-per-dir-" + UUID.randomUUID());
		// the first server is a process of its own, as a second deployment on the same machine would find it
		try (ServerProcess first = ServerProcess.start(data)) {
			Throwable second = catchThrowable(() -> new SpringApplicationBuilder(TesseraServerApplication.class)
				.run("--server.port=0", "--tessera.data-dir=" + data.toAbsolutePath())
				.close());

			assertThat(second).isNotNull();
			FailureAnalysis analysis = new dev.tessera.server.database.EmbeddedStoreInUseFailureAnalyzer()
				.analyze(second);
			assertThat(analysis).as("no analysis for %s", second).isNotNull();
			assertThat(analysis.getDescription()).contains("already used by another").contains("one-per-dir-");
			assertThat(analysis.getAction()).contains("postgres");
			assertThat(first.process().isAlive()).as("the first server runs on").isTrue();
		}
	}

}
