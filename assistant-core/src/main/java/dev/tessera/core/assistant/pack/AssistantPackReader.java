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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.AssistantDefinition.KnowledgeDocument;
import dev.tessera.core.assistant.AssistantDefinition.ReplyTemplates;
import dev.tessera.core.assistant.AssistantDefinition.RetrievalSettings;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.tool.ToolRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static dev.tessera.core.assistant.pack.PackFields.required;

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

	private final PackToolsSection toolSection;

	private final PackPolicySection policySection;

	private final Map<String, Set<String>> knownAssessors;

	/**
	 * @param resolver finds pack files
	 * @param knownRails rail names a policy may use; a pack naming another rail is rejected at load
	 * @param tools the tools a pack may call; a pack naming another tool is rejected at load
	 * @param knownAssessors domain assessors a pack may name, each with the setting keys it reads
	 */
	public AssistantPackReader(ResourcePatternResolver resolver, Set<String> knownRails, ToolRegistry tools,
			Map<String, Set<String>> knownAssessors) {
		this(resolver, anyLanguage(knownRails), tools, knownAssessors);
	}

	/**
	 * @param resolver finds pack files
	 * @param railLanguages rail names a policy may use, each with the languages it reads (empty: any); a pack naming
	 * another rail, or serving a language one of its input rails cannot read, is rejected at load
	 * @param tools the tools a pack may call; a pack naming another tool is rejected at load
	 * @param knownAssessors domain assessors a pack may name, each with the setting keys it reads
	 */
	public AssistantPackReader(ResourcePatternResolver resolver, Map<String, Set<String>> railLanguages,
			ToolRegistry tools, Map<String, Set<String>> knownAssessors) {
		this(resolver, railLanguages, (rail, settings) -> {
		}, tools, knownAssessors);
	}

	/**
	 * A reader for the application's rails: their names, the languages each reads, and each rail's check of its
	 * settings ({@code Rail.checkSettings}), so that a pack with a bad setting is refused at load.
	 */
	public AssistantPackReader(ResourcePatternResolver resolver, dev.tessera.guardrails.RailChain rails,
			ToolRegistry tools, Map<String, Set<String>> knownAssessors) {
		this(resolver, rails.railLanguages(), rails::checkSettings, tools, knownAssessors);
	}

	private AssistantPackReader(ResourcePatternResolver resolver, Map<String, Set<String>> railLanguages,
			java.util.function.BiConsumer<String, Map<String, String>> settingsCheck, ToolRegistry tools,
			Map<String, Set<String>> knownAssessors) {
		this.resolver = resolver;
		this.policySection = new PackPolicySection(railLanguages, settingsCheck);
		this.toolSection = new PackToolsSection(tools);
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

	private static Map<String, Set<String>> anyLanguage(Set<String> rails) {
		Map<String, Set<String>> languages = new java.util.HashMap<>();
		rails.forEach(rail -> languages.put(rail, Set.of()));
		return languages;
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
				this.policySection.inputPolicy(file, rails.input(), pack.languages()),
				this.policySection.policy(file, "rails.output", rails.output()), PackPolicySection.rules(file, pack.rules()), new RetrievalSettings(topK, minScore, minSimilarity),
				new ReplyTemplates(required(file, "replies.answer", replies.answer()),
						required(file, "replies.no-answer", replies.noAnswer()),
						required(file, "replies.handoff", replies.handoff()),
						required(file, "replies.blocked", replies.blocked())),
				PackPolicySection.routing(file, pack.routing()), knowledge(assistantYaml), describe(assistantYaml),
				this.toolSection.tools(file, pack.tools()), PackToolsSection.handoffWhen(file, pack.handoffWhen()),
				assessor(file, pack.assessor()));
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
