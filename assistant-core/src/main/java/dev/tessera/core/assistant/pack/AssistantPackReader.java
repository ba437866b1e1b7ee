package dev.tessera.core.assistant.pack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.AssistantDefinition.KnowledgeDocument;
import dev.tessera.core.assistant.AssistantDefinition.ReplyTemplates;
import dev.tessera.core.assistant.AssistantDefinition.RetrievalSettings;
import dev.tessera.core.assistant.DomainRule;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolBinding;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.tool.ToolReplies;
import dev.tessera.core.tool.ToolSlot;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.assistant.HandoffTriggers;
import dev.tessera.core.assistant.RoutingPolicy;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailPolicy;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads assistant packs: a folder with {@code assistant.yaml} and a {@code knowledge/} folder of Markdown or text
 * documents. Packs are found by resource patterns such as {@code classpath*:tessera/packs/*&#47;assistant.yaml} or
 * {@code file:/srv/packs/*&#47;assistant.yaml}, so they work from a folder and from inside a jar alike.
 */
public final class AssistantPackReader {

	/**
	 * Least cosine similarity of a passage to answer from when a pack sets none. Measured by {@code tessera-bench
	 * retrieval} with the bundled encoder: at 0.5, 94% of covid_faq questions have a passage this close, and 0.5% of
	 * out-of-domain questions (banking77) do.
	 */
	public static final double DEFAULT_MIN_SIMILARITY = 0.5;

	private static final Set<String> KNOWLEDGE_EXTENSIONS = Set.of("md", "markdown", "txt");

	private final YAMLMapper yaml = YAMLMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		// a key written twice (two "routing:" blocks) is a mistake, not "the last one wins"
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final ResourcePatternResolver resolver;

	private final Set<String> knownRails;

	private final ToolRegistry tools;

	private final Map<String, Set<String>> knownAssessors;

	/**
	 * @param resolver finds pack files
	 * @param knownRails rail names a policy may use; a pack naming another rail is rejected at load
	 * @param tools the tools a pack may call; a pack naming another tool is rejected at load
	 * @param knownAssessors domain assessors a pack may name, each with the setting keys it reads
	 */
	public AssistantPackReader(ResourcePatternResolver resolver, Set<String> knownRails, ToolRegistry tools,
			Map<String, Set<String>> knownAssessors) {
		this.resolver = resolver;
		this.knownRails = Set.copyOf(knownRails);
		this.tools = tools;
		this.knownAssessors = Map.copyOf(knownAssessors);
	}

	public AssistantPackReader(ResourcePatternResolver resolver, Set<String> knownRails, ToolRegistry tools) {
		this(resolver, knownRails, tools, Map.of());
	}

	/** A reader for packs that name no domain assessor. */
	public AssistantPackReader(ResourcePatternResolver resolver, Set<String> knownRails,
			Map<String, Set<String>> knownAssessors) {
		this(resolver, knownRails, ToolRegistry.empty(), knownAssessors);
	}

	/** A reader for packs that call no tools. */
	public AssistantPackReader(ResourcePatternResolver resolver, Set<String> knownRails) {
		this(resolver, knownRails, ToolRegistry.empty(), Map.of());
	}

	public AssistantPackReader(Set<String> knownRails, ToolRegistry tools) {
		this(new PathMatchingResourcePatternResolver(), knownRails, tools);
	}

	public AssistantPackReader(Set<String> knownRails) {
		this(new PathMatchingResourcePatternResolver(), knownRails);
	}

	public AssistantPackReader(Set<String> knownRails, Map<String, Set<String>> knownAssessors) {
		this(new PathMatchingResourcePatternResolver(), knownRails, knownAssessors);
	}

	/** Reads every pack matched by the patterns, in a stable order. */
	public List<AssistantDefinition> readAll(List<String> locationPatterns) {
		return locate(locationPatterns).stream().map(this::read).toList();
	}

	/** The {@code assistant.yaml} files matched by the patterns, in a stable order. */
	public List<Resource> locate(List<String> locationPatterns) {
		List<Resource> found = new ArrayList<>();
		for (String pattern : locationPatterns) {
			Resource[] files;
			try {
				files = this.resolver.getResources(pattern);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot list packs at '" + pattern + "'", ex);
			}
			Arrays.sort(files, Comparator.comparing(AssistantPackReader::describe));
			found.addAll(Arrays.asList(files));
		}
		return found;
	}

	/** Reads one pack from its {@code assistant.yaml}. */
	public AssistantDefinition read(Resource assistantYaml) {
		return read(assistantYaml, text(assistantYaml), describe(assistantYaml));
	}

	/** The text of a pack's {@code assistant.yaml}, which must be UTF-8. */
	public String text(Resource assistantYaml) {
		String file = describe(assistantYaml);
		try {
			return readUtf8(file, assistantYaml);
		}
		catch (IOException ex) {
			throw new InvalidPackException(file, "", "cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * Reads YAML text as the {@code assistant.yaml} of the pack at {@code assistantYaml}: the same validation as a
	 * pack on disk, with knowledge (and, for the task heads, examples) found beside that file, so an edited text is
	 * checked against the pack it belongs to. Errors name {@code file}, the field and, when it can be found, the line.
	 * @param assistantYaml where the pack lives; its path becomes the definition's {@code source}
	 * @param yamlText the text to read (need not be what is on disk)
	 * @param file what to call the text in error messages
	 */
	public AssistantDefinition read(Resource assistantYaml, String yamlText, String file) {
		if (yamlText == null || yamlText.isBlank()) {
			throw new InvalidPackException(file, "", "is empty");
		}
		PackFile pack;
		try {
			pack = this.yaml.readValue(yamlText, PackFile.class);
		}
		catch (JacksonException ex) {
			String field = ex.getPathReference() == null ? "" : fieldPath(ex);
			// a record is bound once its whole block is read, so a bad key's reported location is the block's end:
			// the field's own line is the better answer when the field can be found
			int line = field.isEmpty() ? 0 : lineOf(yamlText, field);
			if (line == 0 && ex.getLocation() != null) {
				line = ex.getLocation().getLineNr();
			}
			throw new InvalidPackException(file, field, ex.getOriginalMessage(), line);
		}
		if (pack == null) {
			throw new InvalidPackException(file, "", "is empty");
		}
		try {
			return definition(file, pack, assistantYaml);
		}
		catch (InvalidPackException ex) {
			if (ex.line() == 0 && ex.file().equals(file) && !ex.field().isEmpty()) {
				throw ex.at(file, lineOf(yamlText, ex.field()));
			}
			throw ex;
		}
	}

	/**
	 * The line of a field (as errors name it, e.g. {@code rails.input[0].rail}) in YAML text; for a field that is
	 * missing, the line of its nearest parent that is there; 0 when neither is found or the text does not parse.
	 */
	public int lineOf(String yamlText, String field) {
		return YamlLines.lineOf(this.yaml, yamlText, field);
	}

	private AssistantDefinition definition(String file, PackFile pack, Resource assistantYaml) {
		String id = required(file, "id", pack.id());
		if (!AssistantDefinition.ID_PATTERN.matcher(id).matches()) {
			throw new InvalidPackException(file, "id",
					"'" + id + "' must be lower-case letters, digits and dashes (at most 63)");
		}
		PackFile.Rails rails = pack.rails() == null ? new PackFile.Rails(List.of(), List.of()) : pack.rails();
		PackFile.Retrieval retrieval = pack.retrieval() == null ? new PackFile.Retrieval(null, null, null)
				: pack.retrieval();
		PackFile.Replies replies = pack.replies();
		if (replies == null) {
			throw new InvalidPackException(file, "replies", "is required (answer, no-answer, handoff, blocked)");
		}
		int topK = retrieval.topK() == null ? 3 : retrieval.topK();
		if (topK < 1 || topK > 50) {
			throw new InvalidPackException(file, "retrieval.top-k", "must be within 1..50, got " + topK);
		}
		double minScore = retrieval.minScore() == null ? 1.0 : retrieval.minScore();
		if (minScore < 0) {
			throw new InvalidPackException(file, "retrieval.min-score", "must be >= 0, got " + minScore);
		}
		double minSimilarity = retrieval.minSimilarity() == null ? DEFAULT_MIN_SIMILARITY : retrieval.minSimilarity();
		if (minSimilarity < -1 || minSimilarity > 1) {
			throw new InvalidPackException(file, "retrieval.min-similarity", "must be within -1..1, got " + minSimilarity);
		}
		return new AssistantDefinition(id, required(file, "name", pack.name()),
				pack.description() == null ? "" : pack.description().strip(),
				policy(file, "rails.input", rails.input()), policy(file, "rails.output", rails.output()),
				rules(file, pack.rules()), new RetrievalSettings(topK, minScore, minSimilarity),
				new ReplyTemplates(required(file, "replies.answer", replies.answer()),
						required(file, "replies.no-answer", replies.noAnswer()),
						required(file, "replies.handoff", replies.handoff()),
						required(file, "replies.blocked", replies.blocked())),
				routing(file, pack.routing()), knowledge(assistantYaml), describe(assistantYaml),
				tools(file, pack.tools()), handoffWhen(file, pack.handoffWhen()), assessor(file, pack.assessor()));
	}

	private Optional<AssistantDefinition.Assessor> assessor(String file, PackFile.Assessor assessor) {
		if (assessor == null) {
			return Optional.empty();
		}
		String name = required(file, "assessor.name", assessor.name());
		Set<String> settings = this.knownAssessors.get(name);
		if (settings == null) {
			throw new InvalidPackException(file, "assessor.name", "unknown domain assessor '" + name
					+ "'; known assessors: " + this.knownAssessors.keySet().stream().sorted().toList());
		}
		Map<String, String> given = assessor.settings() == null ? Map.of() : assessor.settings();
		for (String key : given.keySet()) {
			if (!settings.contains(key)) {
				throw new InvalidPackException(file, "assessor.settings." + key, "assessor '" + name
						+ "' has no setting '" + key + "'; its settings: " + settings.stream().sorted().toList());
			}
		}
		return Optional.of(new AssistantDefinition.Assessor(name, given));
	}

	// ---- Tools and hand-off triggers: the tools: and handoff-when: sections ----

	private List<ToolBinding> tools(String file, List<PackFile.Tool> entries) {
		if (entries == null) {
			return List.of();
		}
		List<ToolBinding> bindings = new ArrayList<>();
		Set<String> bound = new LinkedHashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			PackFile.Tool entry = entries.get(i);
			String at = "tools[" + i + "]";
			String name = required(file, at + ".tool", entry.tool());
			AssistantTool tool = this.tools.find(name)
				.orElseThrow(() -> new InvalidPackException(file, at + ".tool", "unknown tool '" + name
						+ "'; known tools: " + this.tools.names()));
			if (!bound.add(name)) {
				throw new InvalidPackException(file, at + ".tool", "tool '" + name + "' is bound twice");
			}
			List<String> intents = entry.intents() == null ? List.of() : entry.intents();
			List<String> anyOf = entry.anyOf() == null ? List.of() : entry.anyOf();
			if (intents.isEmpty() && anyOf.isEmpty()) {
				throw new InvalidPackException(file, at + ".intents",
						"a tool needs intents or any-of phrases that call it");
			}
			double minConfidence = probability(file, at + ".min-confidence", entry.minConfidence()).orElse(0);
			List<ToolSlot> slots = slots(file, at, tool, entry.slots());
			String ask = required(file, at + ".ask", entry.ask());
			if (!ask.contains("{" + ToolReplies.MISSING + "}")) {
				throw new InvalidPackException(file, at + ".ask",
						"must contain {" + ToolReplies.MISSING + "}, where the missing slots are named");
			}
			Map<String, String> replies = toolReplies(file, at, tool, slots, entry.replies());
			bindings.add(new ToolBinding(name, Set.copyOf(intents), minConfidence, anyOf, slots, ask, replies,
					entry.settings(), Boolean.TRUE.equals(entry.citePassage())));
		}
		return bindings;
	}

	private static List<ToolSlot> slots(String file, String at, AssistantTool tool, List<PackFile.Slot> entries) {
		List<PackFile.Slot> given = entries == null ? List.of() : entries;
		Map<String, ToolSlot> byName = new LinkedHashMap<>();
		for (int j = 0; j < given.size(); j++) {
			PackFile.Slot entry = given.get(j);
			String slotAt = at + ".slots[" + j + "]";
			String name = required(file, slotAt + ".name", entry.name());
			if (!tool.slots().contains(name)) {
				throw new InvalidPackException(file, slotAt + ".name", "tool '" + tool.name() + "' has no slot '" + name
						+ "'; its slots: " + tool.slots());
			}
			ToolSlot.Type type = entry.type() == null ? ToolSlot.Type.PATTERN
					: enumValue(file, slotAt + ".type", entry.type(), ToolSlot.Type::valueOf, ToolSlot.Type.values());
			Pattern pattern = null;
			if (type == ToolSlot.Type.PATTERN) {
				String regex = required(file, slotAt + ".pattern", entry.pattern());
				try {
					pattern = Pattern.compile(regex);
				}
				catch (PatternSyntaxException ex) {
					throw new InvalidPackException(file, slotAt + ".pattern",
							"is not a regular expression: " + ex.getDescription());
				}
			}
			boolean personal = entry.personal() != null ? entry.personal() : type == ToolSlot.Type.EMAIL;
			if (byName.putIfAbsent(name,
					new ToolSlot(name, type, pattern, required(file, slotAt + ".ask", entry.ask()), personal)) != null) {
				throw new InvalidPackException(file, slotAt + ".name", "slot '" + name + "' is defined twice");
			}
		}
		for (String needed : tool.slots()) {
			if (!byName.containsKey(needed)) {
				throw new InvalidPackException(file, at + ".slots", "tool '" + tool.name() + "' needs slot '" + needed
						+ "': say how to find it (pattern or type) and how to ask for it");
			}
		}
		// asked in the tool's order, whatever order the pack lists them in
		return tool.slots().stream().map(byName::get).toList();
	}

	private static Map<String, String> toolReplies(String file, String at, AssistantTool tool, List<ToolSlot> slots,
			Map<String, String> replies) {
		Map<String, String> given = replies == null ? Map.of() : replies;
		for (String outcome : given.keySet()) {
			if (!tool.outcomes().contains(outcome)) {
				throw new InvalidPackException(file, at + ".replies." + outcome, "tool '" + tool.name()
						+ "' has no outcome '" + outcome + "'; its outcomes: " + tool.outcomes().stream().sorted().toList());
			}
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (String outcome : tool.outcomes().stream().sorted().toList()) {
			String field = at + ".replies." + outcome;
			String template = given.get(outcome);
			if (template == null || template.isBlank()) {
				throw new InvalidPackException(file, field,
						"is required: tool '" + tool.name() + "' can answer '" + outcome + "'");
			}
			for (String placeholder : ToolReplies.placeholders(template)) {
				ToolSlot slot = slots.stream().filter(s -> s.name().equals(placeholder)).findFirst().orElse(null);
				if (slot != null && slot.personal()) {
					throw new InvalidPackException(file, field, "names the personal slot {" + placeholder
							+ "}: replies may not show personal values");
				}
				if (slot == null && !tool.fields().isEmpty() && !tool.fields().contains(placeholder)) {
					throw new InvalidPackException(file, field, "names {" + placeholder + "}, which is neither a field of"
							+ " tool '" + tool.name() + "' " + tool.fields().stream().sorted().toList() + " nor one of its slots");
				}
			}
			result.put(outcome, template.strip());
		}
		return result;
	}

	private static HandoffTriggers handoffWhen(String file, PackFile.HandoffWhen entry) {
		if (entry == null) {
			return HandoffTriggers.none();
		}
		java.util.Set<String> upsetIntents = Set.of();
		double maxSentiment = -1;
		if (entry.upset() != null) {
			if (entry.upset().intents() == null || entry.upset().intents().isEmpty()) {
				throw new InvalidPackException(file, "handoff-when.upset.intents",
						"needs the intents that count as complaints");
			}
			upsetIntents = Set.copyOf(entry.upset().intents());
			Double max = entry.upset().maxSentiment();
			if (max == null) {
				throw new InvalidPackException(file, "handoff-when.upset.max-sentiment", "is required (-1..1)");
			}
			if (max < -1 || max > 1 || max.isNaN()) {
				throw new InvalidPackException(file, "handoff-when.upset.max-sentiment", "must be within -1..1, got " + max);
			}
			maxSentiment = max;
		}
		OptionalInt failedTurns = OptionalInt.empty();
		if (entry.failedTurns() != null) {
			if (entry.failedTurns() < 1) {
				throw new InvalidPackException(file, "handoff-when.failed-turns", "must be >= 1, got " + entry.failedTurns());
			}
			failedTurns = OptionalInt.of(entry.failedTurns());
		}
		return new HandoffTriggers(upsetIntents, maxSentiment, failedTurns);
	}

	// ---- end of tools and hand-off triggers ----

	private static RoutingPolicy routing(String file, PackFile.Routing routing) {
		RoutingPolicy defaults = RoutingPolicy.defaults();
		if (routing == null) {
			return defaults;
		}
		Route[] deferring = { Route.ESCALATE_LLM, Route.HANDOFF_HUMAN };
		Route onUnsupported = routing.onUnsupported() == null ? defaults.onUnsupported()
				: enumValue(file, "routing.on-unsupported", routing.onUnsupported(), Route::valueOf, deferring);
		Route onComplex = routing.onComplex() == null ? defaults.onComplex()
				: enumValue(file, "routing.on-complex", routing.onComplex(), Route::valueOf, deferring);
		Route onLowConfidence = routing.onLowConfidence() == null ? defaults.onLowConfidence()
				: enumValue(file, "routing.on-low-confidence", routing.onLowConfidence(), Route::valueOf, deferring);
		int maxWords = routing.maxWords() == null ? defaults.maxWords() : routing.maxWords();
		if (maxWords < 1) {
			throw new InvalidPackException(file, "routing.max-words", "must be >= 1, got " + maxWords);
		}
		int maxQuestions = routing.maxQuestions() == null ? defaults.maxQuestions() : routing.maxQuestions();
		if (maxQuestions < 1) {
			throw new InvalidPackException(file, "routing.max-questions", "must be >= 1, got " + maxQuestions);
		}
		PackFile.OperatingPoint point = routing.operatingPoint();
		RoutingPolicy.OperatingPoint operatingPoint = point == null ? RoutingPolicy.OperatingPoint.unmeasured()
				: new RoutingPolicy.OperatingPoint(point.measuredWith(),
						probability(file, "routing.operating-point.local-accuracy", point.localAccuracy()),
						probability(file, "routing.operating-point.escalation-rate", point.escalationRate()),
						point.note());
		return new RoutingPolicy(onUnsupported, maxWords, maxQuestions, onComplex,
				probability(file, "routing.min-head-confidence", routing.minHeadConfidence()),
				probability(file, "routing.min-generation-confidence", routing.minGenerationConfidence()),
				onLowConfidence, operatingPoint);
	}

	private static OptionalDouble probability(String file, String field, Double value) {
		if (value == null) {
			return OptionalDouble.empty();
		}
		if (value < 0 || value > 1 || value.isNaN()) {
			throw new InvalidPackException(file, field, "must be within 0..1, got " + value);
		}
		return OptionalDouble.of(value);
	}

	private RailPolicy policy(String file, String field, List<PackFile.RailEntry> entries) {
		if (entries == null) {
			return RailPolicy.none();
		}
		List<RailPolicy.Entry> result = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			PackFile.RailEntry entry = entries.get(i);
			String at = field + "[" + i + "]";
			String rail = required(file, at + ".rail", entry.rail());
			if (!this.knownRails.contains(rail)) {
				throw new InvalidPackException(file, at + ".rail",
						"unknown rail '" + rail + "'; known rails: " + this.knownRails.stream().sorted().toList());
			}
			RailAction action = enumValue(file, at + ".on-detect", required(file, at + ".on-detect", entry.onDetect()),
					RailAction::valueOf, RailAction.values());
			result.add(new RailPolicy.Entry(rail, action, entry.settings()));
		}
		return new RailPolicy(result);
	}

	private static List<DomainRule> rules(String file, List<PackFile.Rule> rules) {
		if (rules == null) {
			return List.of();
		}
		List<DomainRule> result = new ArrayList<>();
		for (int i = 0; i < rules.size(); i++) {
			PackFile.Rule rule = rules.get(i);
			String at = "rules[" + i + "]";
			String name = required(file, at + ".name", rule.name());
			if (rule.anyOf() == null || rule.anyOf().isEmpty()) {
				throw new InvalidPackException(file, at + ".any-of", "needs at least one phrase");
			}
			Route route = enumValue(file, at + ".route", required(file, at + ".route", rule.route()), Route::valueOf,
					new Route[] { Route.ANSWER_LOCAL, Route.ESCALATE_LLM, Route.HANDOFF_HUMAN });
			result.add(new DomainRule(name, rule.anyOf(), route, required(file, at + ".reason", rule.reason()),
					rule.reply()));
		}
		return result;
	}

	private List<KnowledgeDocument> knowledge(Resource assistantYaml) {
		List<KnowledgeDocument> documents = new ArrayList<>();
		try {
			String base = assistantYaml.getURL().toString();
			String folder = base.substring(0, base.length() - "assistant.yaml".length());
			Resource[] files = this.resolver.getResources(folder + "knowledge/**/*");
			Arrays.sort(files, Comparator.comparing(AssistantPackReader::describe));
			for (Resource file : files) {
				String name = file.getFilename();
				if (name == null || !file.isReadable() || !KNOWLEDGE_EXTENSIONS.contains(extension(name))) {
					continue;
				}
				String url = file.getURL().toString();
				String path = url.substring(folder.length());
				String content = readUtf8(describe(file), file);
				documents.add(new KnowledgeDocument(path, title(content, name), content));
			}
		}
		catch (IOException ex) {
			throw new InvalidPackException(describe(assistantYaml), "knowledge", "cannot be listed: " + ex.getMessage());
		}
		return documents;
	}

	private static String readUtf8(String file, Resource resource) throws IOException {
		try (InputStream in = resource.getInputStream()) {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidPackException(file, "", "is not valid UTF-8");
		}
	}

	private static String title(String content, String fileName) {
		return content.lines()
			.map(String::strip)
			.filter(line -> line.startsWith("# "))
			.map(line -> line.substring(2).strip())
			.findFirst()
			.orElse(fileName);
	}

	private static String extension(String name) {
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	private static String required(String file, String field, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidPackException(file, field, "is required");
		}
		return value.strip();
	}

	private static <E extends Enum<E>> E enumValue(String file, String field, String value, Function<String, E> parse,
			E[] allowed) {
		for (E candidate : allowed) {
			if (candidate.name().equalsIgnoreCase(value.replace('-', '_'))) {
				return parse.apply(candidate.name());
			}
		}
		throw new InvalidPackException(file, field,
				"'" + value + "' is not one of " + Arrays.stream(allowed).map(Enum::name).toList());
	}

	private static String fieldPath(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/** A resource's URL, as packs are named in errors and in {@link AssistantDefinition#source()}. */
	public static String describe(Resource resource) {
		try {
			return resource.getURL().toString();
		}
		catch (IOException ex) {
			return resource.getDescription();
		}
	}

}
