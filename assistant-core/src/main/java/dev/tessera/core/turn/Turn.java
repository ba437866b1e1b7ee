package dev.tessera.core.turn;

import java.util.List;
import java.util.Objects;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.ConversationTranscript;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.inference.encoder.EmbeddingMemo;

/**
 * What a turn knows, each part loaded once and handed to the stages that need it: the request, the assistant's
 * definition as it stands for this turn, the placeholder vault of the redacted values (in memory, this turn only),
 * the vectors computed so far (the message is embedded once) and the conversation so far (read on first use, at most
 * once).
 * <p>
 * Not thread-safe: one turn runs on one thread.
 */
public final class Turn {

	private final TurnRequest request;

	private final AssistantDefinition assistant;

	private final PlaceholderVault vault = new PlaceholderVault();

	private final EmbeddingMemo embeddings = new EmbeddingMemo();

	private final ConversationTranscript transcript;

	private List<ChatMessage> history;

	public Turn(TurnRequest request, AssistantDefinition assistant, ConversationTranscript transcript) {
		this.request = Objects.requireNonNull(request, "request cannot be null");
		this.assistant = Objects.requireNonNull(assistant, "assistant cannot be null");
		this.transcript = Objects.requireNonNull(transcript, "transcript cannot be null");
	}

	public TurnRequest request() {
		return this.request;
	}

	public AssistantDefinition assistant() {
		return this.assistant;
	}

	/** The values the input rails redacted, so the output rails number alike and the user's own go back to them. */
	public PlaceholderVault vault() {
		return this.vault;
	}

	/**
	 * The turn's vectors: the rails, the task head and the retrieval query embed the message through it, so it takes
	 * one encoder pass per turn (dropped with the turn).
	 */
	public EmbeddingMemo embeddings() {
		return this.embeddings;
	}

	/**
	 * The conversation's messages before this turn (its most recent ones, as many as the transcript reads), oldest
	 * first, as stored (user text redacted).
	 */
	public List<ChatMessage> history() {
		if (this.history == null) {
			this.history = List.copyOf(this.transcript.messages(this.request.conversationId()));
		}
		return this.history;
	}

}
