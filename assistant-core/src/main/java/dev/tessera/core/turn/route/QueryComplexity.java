package dev.tessera.core.turn.route;

import java.util.Locale;
import java.util.regex.Pattern;
import dev.tessera.core.assistant.RoutingPolicy;

/**
 * How hard a message looks, from its surface: words and questions. A small model answers one short question from
 * one passage well; several questions or a long message need synthesis it does poorly.
 * <p>
 * Limitations: counts only; it cannot tell a long simple message from a short hard one (that is the task heads' and
 * generation confidence's job).
 *
 * @param words words in the message
 * @param questions questions in the message: question marks, or one when there are none but the message opens like a
 * question
 */
public record QueryComplexity(int words, int questions) {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'\\-]*");

	private static final Pattern QUESTION_MARKS = Pattern.compile("\\?+");

	public QueryComplexity {
		if (words < 0 || questions < 0) {
			throw new IllegalArgumentException("words and questions must be >= 0, got " + words + ", " + questions);
		}
	}

	public static QueryComplexity of(String message) {
		int words = (int) WORD.matcher(message).results().count();
		int questions = (int) QUESTION_MARKS.matcher(message).results().count();
		if (questions == 0 && words > 0) {
			String first = message.strip().toLowerCase(Locale.ROOT).split("\\s+", 2)[0];
			questions = switch (first) {
				case "what", "how", "why", "when", "where", "which", "who", "can", "could", "do", "does", "is", "are",
						"should", "will", "would" -> 1;
				default -> 0;
			};
		}
		return new QueryComplexity(words, questions);
	}

	/** Whether the message is longer, or asks more, than the policy lets the small model answer. */
	public boolean exceeds(RoutingPolicy policy) {
		return this.words > policy.maxWords() || this.questions > policy.maxQuestions();
	}

}
