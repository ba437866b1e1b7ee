package dev.tessera.guardrails;

/**
 * A guardrail: inspects one text (a user message, a retrieved passage or a reply) and returns a {@link Verdict}.
 * <p>
 * A rail only detects; what happens on detection (allow, rewrite, block, escalate, hand off) is decided by the
 * assistant's {@link RailPolicy}, so one rail serves assistants with different needs.
 */
public interface Rail {

	/** Stable name used in policies, verdicts and the audit trail, e.g. {@code pii}. */
	String name();

	Verdict check(String text, RailContext context);

	/**
	 * Whether the rail judges a reply sentence by sentence, so that a streamed reply can be checked as each sentence
	 * completes (PII, grounding, domain policy); false for rails that judge the reply as a whole (a required notice),
	 * which run when the stream ends.
	 */
	default boolean checksSentences() {
		return true;
	}

	/**
	 * The languages (ISO 639-1) whose words this rail can judge: an assistant serving another language would pass its
	 * messages through the rail unread, so a pack may serve only languages every input rail it lists reads. Empty when
	 * the rail reads no words or any language (patterns of digits and symbols, for instance).
	 */
	default java.util.Set<String> languages() {
		return java.util.Set.of();
	}

	/**
	 * Checks a policy's settings for this rail when the policy is read (a pack loaded or edited), so that a mistake
	 * is refused there, naming the setting, rather than failing every message.
	 *
	 * @throws IllegalArgumentException naming the setting and what is wrong with it
	 */
	default void checkSettings(java.util.Map<String, String> settings) {
	}

}
