package dev.tessera.retrieval.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FileDocumentArchiveTest extends DocumentArchiveContract {

	@TempDir
	Path folder;

	@Override
	protected DocumentArchive archive() {
		return new FileDocumentArchive(this.folder.resolve("archive"));
	}

	@Test
	void never_writes_outside_its_folder() throws IOException {
		archive().save("..", "..", "../../escape", new byte[] { 1 });

		try (Stream<Path> files = Files.walk(this.folder)) {
			assertThat(files.filter(Files::isRegularFile)).allSatisfy(
					file -> assertThat(file.normalize()).startsWith(this.folder.resolve("archive").normalize()));
		}
	}

}
