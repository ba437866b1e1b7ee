package dev.tessera.core.assistant;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.tessera.core.tool.ToolBinding;
import dev.tessera.guardrails.RailPolicy;

/**
 * Everything that makes an assistant what it is, as read from its pack.
 *
 * @param id stable id, lower-case letters, digits and dashes (used in URLs and as the OpenAI model name)
 * @param name display name
 * @param description one line on what the assistant is for
 * @param inputRails rails run on each user message
 * @param outputRails rails run on each reply
 * @param rules domain rules evaluated on each message; a matching rule proposes the route (see {@code RouteProposal})
 * @param retrieval how knowledge is searched
 * @param replies reply templates
 * @param routing how routing signals map to routes
 * @param knowledge the pack's knowledge documents
 * @param source where the pack was read from
 * @param tools the tools the assistant calls, in the order their triggers are tried
 * @param handoffWhen when a person takes over besides rules and rails (upset users, unhelpful turns in a row)
 * @param assessor the domain assessor the pack names (Java, looked up by name), or empty
 */
public record AssistantDefinition(String id, String name, String description, RailPolicy inputRails,
		RailPolicy outputRails, List<DomainRule> rules, RetrievalSettings retrieval, ReplyTemplates replies,
		RoutingPolicy routing, List<KnowledgeDocument> knowledge, String source, List<ToolBinding> tools,
		HandoffTriggers handoffWhen, Optional<Assessor> assessor) {

	public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	public AssistantDefinition {
		if (id == null || !ID_PATTERN.matcher(id).matches()) {
			throw new IllegalArgumentException(
					"id must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit, got '" + id
							+ "'");
		}
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(description, "description cannot be null");
		Objects.requireNonNull(inputRails, "inputRails cannot be null");
		Objects.requireNonNull(outputRails, "outputRails cannot be null");
		rules = List.copyOf(rules);
		Objects.requireNonNull(retrieval, "retrieval cannot be null");
		Objects.requireNonNull(replies, "replies cannot be null");
		Objects.requireNonNull(routing, "routing cannot be null");
		knowledge = List.copyOf(knowledge);
		Objects.requireNonNull(source, "source cannot be null");
		tools = tools == null ? List.of() : List.copyOf(tools);
		handoffWhen = handoffWhen == null ? HandoffTriggers.none() : handoffWhen;
		assessor = assessor == null ? Optional.empty() : assessor;
	}

	/** An assistant without tools, hand-off triggers or a domain assessor. */
	public AssistantDefinition(String id, String name, String description, RailPolicy inputRails,
			RailPolicy outputRails, List<DomainRule> rules, RetrievalSettings retrieval, ReplyTemplates replies,
			RoutingPolicy routing, List<KnowledgeDocument> knowledge, String source) {
		this(id, name, description, inputRails, outputRails, rules, retrieval, replies, routing, knowledge, source,
				List.of(), HandoffTriggers.none(), Optional.empty());
	}

	/** The knowledge collection searched for this assistant. */
	public String collection() {
		return this.id;
	}

	/**
	 * @param topK passages retrieved per turn
	 * @param minScore least BM25 score of a passage for the assistant to answer from it
	 * @param minSimilarity least cosine similarity between message and passage for the assistant to answer from it
	 * (used when the knowledge is searched by vector too)
	 */
	public record RetrievalSettings(int topK, double minScore, double minSimilarity) {

		public RetrievalSettings {
			if (topK < 1 || topK > 50) {
				throw new IllegalArgumentException("topK must be within 1..50, got " + topK);
			}
			if (minScore < 0) {
				throw new IllegalArgumentException("minScore must be >= 0, got " + minScore);
			}
			if (minSimilarity < -1 || minSimilarity > 1) {
				throw new IllegalArgumentException("minSimilarity must be within -1..1, got " + minSimilarity);
			}
		}

	}

	/**
	 * Reply templates. {@code answer} may use {@code {passage}}, {@code {title}} and {@code {section}}.
	 */
	public record ReplyTemplates(String answer, String noAnswer, String handoff, String blocked) {

		public ReplyTemplates {
			Objects.requireNonNull(answer, "answer cannot be null");
			Objects.requireNonNull(noAnswer, "noAnswer cannot be null");
			Objects.requireNonNull(handoff, "handoff cannot be null");
			Objects.requireNonNull(blocked, "blocked cannot be null");
		}

	}

	/**
	 * The domain assessor a pack names (see {@code turn.understand.DomainAssessor}).
	 *
	 * @param name the assessor's name
	 * @param settings its settings from the pack
	 */
	public record Assessor(String name, Map<String, String> settings) {

		public Assessor {
			Objects.requireNonNull(name, "name cannot be null");
			settings = settings == null ? Map.of() : Map.copyOf(settings);
		}

	}

	/**
	 * @param path path inside the pack, e.g. {@code knowledge/returns.md}
	 * @param title the document's first heading, or its file name
	 * @param content the document text
	 */
	public record KnowledgeDocument(String path, String title, String content) {
	}

}
