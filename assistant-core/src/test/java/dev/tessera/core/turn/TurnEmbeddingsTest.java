package dev.tessera.core.turn;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ConversationTranscript;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.scope.ScopeReferences;
import dev.tessera.guardrails.scope.ScopeRail;
import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message's embedding is part of what a turn knows, handed explicitly to the stages: a rail that embeds it and
 * the retrieval query share one encoder pass, and nothing outlives the turn.
 */
class TurnEmbeddingsTest {

	private static SentenceEncoder encoder;

	@BeforeAll
	static void encoder() {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("turn", 2, 8, Duration.ofSeconds(10)));
	}

	@AfterAll
	static void closeEncoder() {
		encoder.close();
	}

	@Test
	void the_rails_and_the_retrieval_query_embed_the_message_once_per_turn() throws Exception {
		AssistantDefinition faq = TestPacks.faqBot();
		String message = "When does the library open on Saturday?";
		Turn turn = new Turn(new TurnRequest("t", "c1", faq.id(), message), faq, ConversationTranscript.none());
		ScopeRail scope = new ScopeRail(encoder,
				assistant -> new ScopeReferences.Reference(List.of("Opening hours and borrowing books"), List.of()));

		try (LuceneKnowledgeStore store = LuceneKnowledgeStore.inMemory()) {
			StoreKnowledgeRetriever retriever = new StoreKnowledgeRetriever(store, new LocalEmbeddingModel(encoder));

			scope.check(message, new RailContext(faq.id(), RailContext.Direction.INPUT, Map.of(), turn.vault(),
					List.of(), turn.embeddings()));
			assertThat(turn.embeddings().size()).as("the rail embedded the message through the turn").isOne();

			retriever.retrieve(turn, message);
			assertThat(turn.embeddings().size()).as("retrieval reused the rail's vector").isOne();

			retriever.retrieve(turn, "Can I renew a book online?");
			assertThat(turn.embeddings().size()).as("another text is another vector").isEqualTo(2);
		}

		Turn next = new Turn(new TurnRequest("t", "c1", faq.id(), message), faq, ConversationTranscript.none());
		assertThat(next.embeddings().size()).as("the next turn starts with none").isZero();
	}

}
