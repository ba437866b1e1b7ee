package dev.tessera.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;

import org.springframework.core.io.ClassPathResource;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.assistant.pack.PackKnowledgeIndexer;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.archive.FileDocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.DocumentParser;

/**
 * The packs under {@code src/test/resources/packs}.
 */
public final class TestPacks {

	public static final Set<String> RAILS = Set.of("pii", "instruction-override", "required-notice");

	private TestPacks() {
	}

	public static AssistantDefinition faqBot() {
		return read("faq-bot");
	}

	/** The FAQ bot with a routing policy: escalates unsupported and unsure turns, hands complex ones to a person. */
	public static AssistantDefinition routedFaq() {
		return read("routed-faq");
	}

	/**
	 * Ingests a pack's knowledge without embeddings, for tests of stages that read BM25 support only. The archive
	 * goes to a temporary folder (inside the build directory: surefire sets java.io.tmpdir).
	 */
	public static void indexLexically(KnowledgeStore store, AssistantDefinition pack) {
		try {
			DocumentIngester ingester = new DocumentIngester(
					new DocumentParser(new DocumentParser.Limits(1_000_000, 1_000_000)),
					new StructureAwareChunker(TokenCounter.approximate(), StructureAwareChunker.DEFAULT_MAX_TOKENS,
							StructureAwareChunker.DEFAULT_OVERLAP_TOKENS),
					null, store, new FileDocumentArchive(Files.createTempDirectory("pack-archive-")));
			new PackKnowledgeIndexer(ingester, store).index(pack);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The parcel desk: one tool ({@code parcel-lookup}) and hand-off triggers. */
	public static AssistantDefinition parcelDesk(ToolRegistry tools) {
		return new AssistantPackReader(RAILS, tools).read(new ClassPathResource("packs/parcel-desk/assistant.yaml"));
	}

	public static AssistantDefinition read(String pack) {
		return new AssistantPackReader(RAILS).read(new ClassPathResource("packs/" + pack + "/assistant.yaml"));
	}

}
