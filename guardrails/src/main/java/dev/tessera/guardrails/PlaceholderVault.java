package dev.tessera.guardrails;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholder-to-value mapping of one turn: redaction puts each personal value here under a typed, numbered
 * placeholder ({@code [EMAIL_1]}), the same value always under the same placeholder, and {@link #restore(String)}
 * puts the values back into text meant for the user who gave them.
 * <p>
 * It lives in memory for the turn only: it is never logged, stored or sent anywhere, and its {@code toString} shows
 * placeholders, not values. Not thread-safe; a turn runs its rails on one thread.
 */
public final class PlaceholderVault {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z_]+)_(\\d+)]");

	private final Map<String, String> placeholderByValue = new HashMap<>();

	private final Map<String, String> valueByPlaceholder = new LinkedHashMap<>();

	private final Map<String, Integer> counters = new HashMap<>();

	/** The placeholder for a value of a type, e.g. {@code [PHONE_2]}; the same value gets the same placeholder. */
	public String placeholder(String type, String value) {
		String key = type + '\u0000' + value;
		String existing = this.placeholderByValue.get(key);
		if (existing != null) {
			return existing;
		}
		String placeholder = "[" + type + "_" + this.counters.merge(type, 1, Integer::sum) + "]";
		this.placeholderByValue.put(key, placeholder);
		this.valueByPlaceholder.put(placeholder, value);
		return placeholder;
	}

	/** The text with every placeholder this vault issued replaced by its value; unknown placeholders stay. */
	public String restore(String text) {
		if (this.valueByPlaceholder.isEmpty()) {
			return text;
		}
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder restored = new StringBuilder();
		while (matcher.find()) {
			String value = this.valueByPlaceholder.get(matcher.group());
			matcher.appendReplacement(restored, Matcher.quoteReplacement(value != null ? value : matcher.group()));
		}
		matcher.appendTail(restored);
		return restored.toString();
	}

	/**
	 * The text with only the given placeholders restored, e.g. those issued for the user's own message: a value
	 * redacted from a reply (a leak from the knowledge) stays redacted.
	 */
	public String restore(String text, Set<String> only) {
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder restored = new StringBuilder();
		while (matcher.find()) {
			String value = only.contains(matcher.group()) ? this.valueByPlaceholder.get(matcher.group()) : null;
			matcher.appendReplacement(restored, Matcher.quoteReplacement(value != null ? value : matcher.group()));
		}
		matcher.appendTail(restored);
		return restored.toString();
	}

	/** The placeholders issued so far, in order. */
	public Set<String> placeholders() {
		return Set.copyOf(this.valueByPlaceholder.keySet());
	}

	public int size() {
		return this.valueByPlaceholder.size();
	}

	@Override
	public String toString() {
		return "PlaceholderVault" + this.valueByPlaceholder.keySet();
	}

}
