package dev.tessera.retrieval.archive;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every document archive must do. Implemented once per archive.
 */
abstract class DocumentArchiveContract {

	/** A fresh, empty archive for each test. */
	protected abstract DocumentArchive archive();

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void keeps_the_latest_bytes_of_each_document_per_tenant_and_collection() {
		DocumentArchive archive = archive();
		archive.save("acme", "docs", "returns.md", bytes("v1"));
		archive.save("acme", "docs", "returns.md", bytes("v2"));
		archive.save("acme", "docs", "shipping.md", bytes("ship"));
		archive.save("globex", "docs", "returns.md", bytes("theirs"));

		assertThat(archive.content("acme", "docs", "returns.md")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("v2")));
		assertThat(archive.documentIds("acme", "docs")).containsExactly("returns.md", "shipping.md");
		assertThat(archive.documentIds("globex", "docs")).containsExactly("returns.md");
		assertThat(archive.documentIds("acme", "other")).isEmpty();
		assertThat(archive.content("initech", "docs", "returns.md")).isEmpty();
	}

	@Test
	void delete_removes_one_document_and_says_whether_it_existed() {
		DocumentArchive archive = archive();
		archive.save("acme", "docs", "returns.md", bytes("v1"));

		assertThat(archive.delete("acme", "docs", "returns.md")).isTrue();
		assertThat(archive.delete("acme", "docs", "returns.md")).isFalse();
		assertThat(archive.content("acme", "docs", "returns.md")).isEmpty();
	}

	@Test
	void ids_that_look_like_paths_are_kept_as_plain_names() {
		DocumentArchive archive = archive();
		archive.save("acme", "docs", "..", bytes("dots"));
		archive.save("acme", "docs", "a/b\\c*.pdf", bytes("slashes"));
		archive.save("acme", "docs", "Überblick 2024.docx", bytes("unicode"));

		assertThat(archive.documentIds("acme", "docs")).containsExactlyInAnyOrder("..", "a/b\\c*.pdf",
				"Überblick 2024.docx");
		assertThat(archive.content("acme", "docs", "..")).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("dots")));
		assertThat(archive.documentIds("acme", "..")).isEmpty();
	}

}
