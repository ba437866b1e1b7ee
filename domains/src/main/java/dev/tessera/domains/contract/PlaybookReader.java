package dev.tessera.domains.contract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.core.io.Resource;

import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.audit.AuditHash;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a pack's {@code playbook.yaml}. A mistake (an unknown key, a bad pattern, a risk that is not LOW, MEDIUM or
 * HIGH) is an {@link InvalidPackException} naming the file and the field, like a mistake in {@code assistant.yaml}.
 *
 * <pre>
 * clause-types:
 *   limitation_of_liability:              # a label of the pack's clause-type head
 *     title: Limitation of liability
 *     standard: "Capped at the fees of the twelve months before the claim; ..."
 *     required: true                      # flagged when no clause has this type
 *     missing-risk: HIGH
 *     missing-reason: "nothing limits what we could owe"
 *     checks:
 *       - id: unlimited
 *         when: present                   # present | absent | number
 *         pattern: "\\bunlimited\\b"       # case-insensitive regular expression
 *         risk: HIGH                      # LOW | MEDIUM | HIGH
 *         reason: "liability is unlimited"
 *       - id: cap-period
 *         when: number
 *         pattern: "fees paid .{0,60}? {number} months"
 *         max: 12                         # and/or min
 *         risk: MEDIUM
 *         reason: "the cap counts {value} months of fees; the standard is twelve"
 *       - id: cap-amount
 *         when: absent
 *         scope: type                     # clause (default) | type: flagged once when no clause of the type matches
 *         if: "liab"                      # optional: only clauses matching this count
 *         pattern: "shall not exceed|capped"
 *         risk: HIGH
 *         reason: "no clause caps liability"
 * </pre>
 */
public final class PlaybookReader {

	public static final String FILE_NAME = "playbook.yaml";

	private static final Set<String> TYPE_KEYS = Set.of("title", "standard", "required", "missing-risk",
			"missing-reason", "checks");

	private static final Set<String> CHECK_KEYS = Set.of("id", "when", "pattern", "if", "min", "max", "scope", "risk",
			"reason");

	private final YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	public Playbook read(Resource resource, String source) {
		try (InputStream in = resource.getInputStream()) {
			return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
		}
		catch (IOException ex) {
			throw new InvalidPackException(source, "", "cannot be read: " + ex.getMessage());
		}
	}

	public Playbook read(String text, String source) {
		JsonNode root;
		try {
			root = this.yaml.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidPackException(source, "", "is not valid YAML: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("clause-types").isObject()) {
			throw new InvalidPackException(source, "clause-types", "is required: a map of clause type to standard");
		}
		for (String key : root.propertyNames()) {
			if (!key.equals("clause-types")) {
				throw new InvalidPackException(source, key, "unknown key; known: [clause-types]");
			}
		}
		LinkedHashMap<String, ClauseStandard> types = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : root.path("clause-types").properties()) {
			String field = "clause-types." + entry.getKey();
			types.put(entry.getKey(), standard(source, field, entry.getKey(), entry.getValue()));
		}
		if (types.isEmpty()) {
			throw new InvalidPackException(source, "clause-types", "names no clause type");
		}
		return new Playbook(source, AuditHash.sha256Hex(text), types);
	}

	private static ClauseStandard standard(String source, String field, String type, JsonNode node) {
		unknownKeys(source, field, node, TYPE_KEYS);
		List<PlaybookCheck> checks = new ArrayList<>();
		JsonNode list = node.path("checks");
		if (!list.isMissingNode() && !list.isArray()) {
			throw new InvalidPackException(source, field + ".checks", "must be a list");
		}
		for (int i = 0; i < list.size(); i++) {
			checks.add(check(source, field + ".checks[" + i + "]", list.get(i)));
		}
		boolean required = node.path("required").asBoolean(false);
		try {
			return new ClauseStandard(type, text(source, field, node, "title", true),
					text(source, field, node, "standard", true), required,
					required ? risk(source, field + ".missing-risk", text(source, field, node, "missing-risk", true))
							: RiskLevel.NONE,
					text(source, field, node, "missing-reason", required), checks);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPackException(source, field, ex.getMessage());
		}
	}

	private static PlaybookCheck check(String source, String field, JsonNode node) {
		unknownKeys(source, field, node, CHECK_KEYS);
		String when = text(source, field, node, "when", true);
		PlaybookCheck.When kind = switch (when.toLowerCase(Locale.ROOT)) {
			case "present" -> PlaybookCheck.When.PRESENT;
			case "absent" -> PlaybookCheck.When.ABSENT;
			case "number" -> PlaybookCheck.When.NUMBER;
			default -> throw new InvalidPackException(source, field + ".when",
					"'" + when + "' is not one of [present, absent, number]");
		};
		String scope = node.path("scope").asString("clause");
		PlaybookCheck.Scope scoped = switch (scope.toLowerCase(Locale.ROOT)) {
			case "clause" -> PlaybookCheck.Scope.CLAUSE;
			case "type" -> PlaybookCheck.Scope.TYPE;
			default -> throw new InvalidPackException(source, field + ".scope",
					"'" + scope + "' is not one of [clause, type]");
		};
		String condition = text(source, field, node, "if", false);
		try {
			return new PlaybookCheck(text(source, field, node, "id", true), kind,
					pattern(source, field + ".pattern", text(source, field, node, "pattern", true)),
					condition.isEmpty() ? null : pattern(source, field + ".if", condition),
					number(source, field, node, "min"), number(source, field, node, "max"), scoped,
					risk(source, field + ".risk", text(source, field, node, "risk", true)),
					text(source, field, node, "reason", true));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPackException(source, field, ex.getMessage());
		}
	}

	private static Pattern pattern(String source, String field, String regex) {
		try {
			return PlaybookCheck.compile(regex);
		}
		catch (PatternSyntaxException ex) {
			throw new InvalidPackException(source, field, "is not a valid regular expression: " + ex.getDescription());
		}
	}

	private static RiskLevel risk(String source, String field, String value) {
		try {
			RiskLevel risk = RiskLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
			if (risk != RiskLevel.NONE) {
				return risk;
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new InvalidPackException(source, field, "'" + value + "' is not one of [LOW, MEDIUM, HIGH]");
	}

	private static Double number(String source, String field, JsonNode node, String key) {
		JsonNode value = node.path(key);
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new InvalidPackException(source, field + "." + key, "must be a number");
		}
		return value.asDouble();
	}

	private static String text(String source, String field, JsonNode node, String key, boolean required) {
		JsonNode value = node.path(key);
		if (value.isMissingNode() || value.isNull() || value.asString("").isBlank()) {
			if (required) {
				throw new InvalidPackException(source, field + "." + key, "is required");
			}
			return "";
		}
		if (!value.isValueNode()) {
			throw new InvalidPackException(source, field + "." + key, "must be text");
		}
		return value.asString().strip();
	}

	private static void unknownKeys(String source, String field, JsonNode node, Set<String> known) {
		if (!node.isObject()) {
			throw new InvalidPackException(source, field, "must be a map");
		}
		for (String key : node.propertyNames()) {
			if (!known.contains(key)) {
				throw new InvalidPackException(source, field + "." + key,
						"unknown key; known: " + new TreeSet<>(known));
			}
		}
	}

}
