package dev.tessera.bench.route;

import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.DefaultAssistantCatalog;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.assistant.pack.PackKnowledgeIndexer;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.turn.record.JdbcTurnRecorder;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.domains.store.DemoStoreAutoConfiguration;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.turn.dialogue.DefaultDialogueStage;
import dev.tessera.core.turn.dialogue.InMemoryConversationMemory;
import dev.tessera.core.turn.DefaultTurnPipeline;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.rails.PolicyInputRails;
import dev.tessera.core.turn.rails.PolicyOutputRails;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.assistant.RoutingPolicy;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.turn.understand.AssessingUnderstanding;
import dev.tessera.core.turn.understand.DomainRuleUnderstanding;
import dev.tessera.domains.store.DemoStore;
import dev.tessera.domains.store.DemoStoreSeed;
import dev.tessera.domains.store.OrderStatusTool;
import dev.tessera.domains.store.StartReturnTool;
import dev.tessera.core.turn.understand.HeadUnderstanding;
import dev.tessera.core.turn.understand.QueryUnderstanding;
import dev.tessera.domains.triage.ClinicalAdviceRail;
import dev.tessera.domains.triage.TriageAssessor;
import dev.tessera.domains.triage.TriageTurnAssessor;
import dev.tessera.domains.triage.AcuityModel;
import dev.tessera.core.turn.rails.PackScopeReferences;
import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.abuse.AbusiveLanguageRail;
import dev.tessera.guardrails.grounding.GroundingRail;
import dev.tessera.guardrails.scope.ScopeRail;
import dev.tessera.guardrails.scope.ScopeReferences;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.archive.FileDocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.DocumentParser;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

/**
 * Replays labelled turns through the whole turn pipeline (rails, domain rules, the pack's task heads and domain
 * assessor, retrieval, the pack's tools on the demo store, the router with the pack's routing policy, the grounded
 * responder, output rails, audit on an in-memory H2) and reports the route mix, how often
 * the route was the labelled one, and the quality of local answers: a local answer is right when its first citation
 * is the labelled section. With several {@code --min-scores} it sweeps the support threshold and prints the
 * cost-quality curve the routing policy's operating point is chosen from.
 * <p>
 * No large model is called: a turn the policy escalates is counted as escalated (the router says it wanted the large
 * model) and, like a hand-off, as answered correctly by someone else in the "overall" column, which is the quality
 * the assistant reaches when deferred turns are answered well.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
		description = "Route mix and local-answer quality of an assistant on labelled turns; optionally a sweep of the support threshold.")
public class RouteCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	public static final String CLASSPATH_PACKS = "classpath*:tessera/packs/*/assistant.yaml";

	@Option(names = "--assistant", required = true, description = "Assistant id, e.g. ecommerce-support.")
	String assistantId;

	@Option(names = "--conversations", required = true,
			description = "CSV with message, expected_route (ANSWER_LOCAL, ESCALATE_LLM, HANDOFF_HUMAN, BLOCKED) and expected_section (document#section, for ANSWER_LOCAL).")
	Path conversations;

	@Option(names = "--packs", description = "Extra pack pattern, e.g. file:/srv/packs/*/assistant.yaml.")
	String packs;

	@Option(names = "--min-scores", split = ",",
			description = "Support thresholds to sweep (retrieval.min-score); default: the pack's own.")
	List<Double> minScores = new ArrayList<>();

	@Option(names = "--min-similarities", split = ",",
			description = "Similarity thresholds to sweep (retrieval.min-similarity); default: the pack's own.")
	List<Double> minSimilarities = new ArrayList<>();

	@Option(names = "--max-words", split = ",",
			description = "Longest query answered locally (routing.max-words) to sweep; default: the pack's own.")
	List<Integer> maxWords = new ArrayList<>();

	@Option(names = "--out", defaultValue = "bench/target/reports/route.json")
	Path out;

	private ToolRegistry tools;

	// Tribuo logs every training's label counts at INFO; the report says what matters
	private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

	@Override
	public Integer call() throws Exception {
		TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
		List<LabelledTurn> turns = LabelledTurn.read(this.conversations);
		List<String> locations = new ArrayList<>(List.of(CLASSPATH_PACKS));
		if (this.packs != null) {
			locations.add(this.packs);
		}
		this.tools = demoTools();
		AssistantDefinition pack = readPacks(locations, this.tools)
			.stream()
			.filter(a -> a.id().equals(this.assistantId))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no assistant '" + this.assistantId + "' in " + locations));
		List<Double> thresholds = this.minScores.isEmpty() ? List.of(pack.retrieval().minScore()) : this.minScores;
		List<Integer> wordLimits = this.maxWords.isEmpty() ? List.of(pack.routing().maxWords()) : this.maxWords;
		List<Double> similarities = this.minSimilarities.isEmpty() ? List.of(pack.retrieval().minSimilarity())
				: this.minSimilarities;
		boolean sweep = thresholds.size() * wordLimits.size() * similarities.size() > 1;

		List<Map<String, Object>> points = new ArrayList<>();
		List<Map<String, Object>> misses = new ArrayList<>();
		Path archive = Files.createTempDirectory("tessera-route-archive-");
		// the server's retrieval: the bundled encoder (--encoder, int8 by default as on the server) and hybrid search
		try (LuceneKnowledgeStore knowledge = LuceneKnowledgeStore.inMemory();
				SentenceEncoder encoder = this.encoderOption.open(0)) {
			LocalEmbeddingModel embeddings = new LocalEmbeddingModel(encoder);
			DocumentIngester ingester = new DocumentIngester(
					new DocumentParser(new DocumentParser.Limits(20_000_000, 5_000_000)),
					new StructureAwareChunker(TokenCounter.of(encoder), StructureAwareChunker.DEFAULT_MAX_TOKENS,
							StructureAwareChunker.DEFAULT_OVERLAP_TOKENS),
					embeddings, knowledge, new FileDocumentArchive(archive));
			new PackKnowledgeIndexer(ingester, knowledge).index(pack);
			PromptInjectionRail injection = PromptInjectionRail.bundled(encoder);
			ScopeReferences.Reference scope = PackScopeReferences.read(pack,
					new PackExamples(new PathMatchingResourcePatternResolver()).read(pack));
			List<Rail> modelRails = List.of(injection, new GroundingRail(encoder), new ScopeRail(encoder, id -> scope));
			// the pack's task heads, trained as the server trains them at start-up
			TaskHeadService heads = new TaskHeadService(Files.createTempDirectory("tessera-route-heads-"),
					encoder, HeadTrainingOptions.defaults());
			new PackExamples(new PathMatchingResourcePatternResolver()).read(pack)
				.forEach((name, examples) -> heads.loadOrTrain(pack.id(), name, examples));
			for (double threshold : thresholds) {
				for (double similarity : similarities) {
				for (int words : wordLimits) {
				AssistantDefinition assistant = with(pack, threshold, similarity, words);
				Tally tally = new Tally();
				ConversationService service = pipeline(assistant, knowledge, embeddings, modelRails, this.tools, heads);
				for (LabelledTurn turn : turns) {
					TurnResult result = service.send("bench", service.start("bench", assistant.id()).id(),
							turn.message());
					Route intended = intended(result);
					String section = result.citations().isEmpty() ? ""
							: result.citations().getFirst().documentId() + "#" + result.citations().getFirst().section();
					boolean right = tally.add(turn, intended, section);
					if (!right && !sweep) {
						Map<String, Object> miss = new LinkedHashMap<>();
						miss.put("message", turn.message());
						miss.put("expected", turn.expectedRoute() + (turn.expectedSection().isEmpty() ? ""
								: " " + turn.expectedSection()));
						miss.put("got", intended + (intended == Route.ANSWER_LOCAL ? " " + section : ""));
						miss.put("reason", result.routeReason());
						misses.add(miss);
					}
				}
				points.add(tally.point(threshold, similarity, words, pack.retrieval().minScore() == threshold
						&& pack.retrieval().minSimilarity() == similarity && pack.routing().maxWords() == words));
				}
				}
			}
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "route");
		report.put("assistant", this.assistantId);
		report.put("conversations", this.conversations.toString());
		report.put("turns", turns.size());
		report.put("labels", LabelledTurn.labelCounts(turns));
		report.put("routingPolicy", pack.routing().toString());
		report.put("points", points);
		report.put("misses", misses);
		Report.write(this.out, report, markdown(turns, points, misses));
		return 0;
	}

	/** The demo store's tools on an in-memory database, as the server has them (their data reset for "bench"). */
	public static ToolRegistry demoTools() {
		DataSource store = new DriverManagerDataSource("jdbc:h2:mem:route-store-" + UUID.randomUUID()
				+ ";DB_CLOSE_DELAY=-1", "sa", "");
		new TesseraSchema(store, List.of(DemoStoreAutoConfiguration.SCHEMA)).migrate();
		new DemoStoreSeed(JdbcClient.create(store), new TransactionTemplate(new DataSourceTransactionManager(store)),
				Clock.systemUTC()).reset("bench");
		DemoStore demoStore = new DemoStore(JdbcClient.create(store));
		return new ToolRegistry(List.of(new OrderStatusTool(demoStore), new StartReturnTool(demoStore, Clock.systemUTC())));
	}

	/** The packs at the locations, read and checked as the server reads them. */
	public static List<AssistantDefinition> readPacks(List<String> locations, ToolRegistry tools) {
		return new AssistantPackReader(new PathMatchingResourcePatternResolver(),
				Set.of("pii", "prompt-injection", "instruction-override", "required-notice", ClinicalAdviceRail.NAME,
						GroundingRail.NAME, AbusiveLanguageRail.NAME, ScopeRail.NAME,
						dev.tessera.guardrails.language.LanguageRail.NAME),
				tools, Map.of(TriageTurnAssessor.NAME,
						new TriageTurnAssessor(null).settingNames()))
			.readAll(locations);
	}

	/**
	 * The route the router chose before any fallback: without a large model an escalation is carried out as a
	 * hand-off, and the reason says so.
	 */
	static Route intended(TurnResult result) {
		if (result.route() == Route.HANDOFF_HUMAN && (result.routeReason().contains("no large model is configured")
				|| result.routeReason().contains("the large model did not answer"))) {
			return Route.ESCALATE_LLM;
		}
		return result.route();
	}

	private static ConversationService pipeline(AssistantDefinition assistant, LuceneKnowledgeStore store,
			LocalEmbeddingModel embeddings, List<Rail> modelRails, ToolRegistry tools, TaskHeadService heads) {
		DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:route-" + UUID.randomUUID()
				+ ";DB_CLOSE_DELAY=-1", "sa", "");
		new TesseraSchema(dataSource).migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		JdbcConversationRepository conversations = new JdbcConversationRepository(jdbc);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		PiiPatternRail pii = new PiiPatternRail();
		List<Rail> railList = new ArrayList<>(List.of(pii, new InstructionOverrideRail(), new RequiredNoticeRail(),
				new ClinicalAdviceRail(), new AbusiveLanguageRail(), new dev.tessera.guardrails.language.LanguageRail()));
		railList.addAll(modelRails);
		RailChain rails = new RailChain(railList);
		// understanding as the server wires it: phrase rules, the task head, then the pack's domain assessor
		QueryUnderstanding understanding = new AssessingUnderstanding(
				new HeadUnderstanding(new DomainRuleUnderstanding(), heads),
				List.of(new TriageTurnAssessor(new TriageAssessor(AcuityModel.bundled(), null))));
		DefaultAssistantCatalog catalog = new DefaultAssistantCatalog(List.of(assistant));
		DefaultTurnPipeline pipeline = DefaultTurnPipeline.builder(catalog)
			.transcript(conversations::findMessages)
			.inputRails(new PolicyInputRails(rails))
			.understanding(understanding)
			.retriever(new StoreKnowledgeRetriever(store, embeddings))
			.dialogue(new DefaultDialogueStage(tools, InMemoryConversationMemory.defaults(), new ContextRedactor(pii)))
			.router(new DefaultRouter(false))
			.responder(new GroundedTemplateResponder())
			.outputRails(new PolicyOutputRails(rails))
			.recorder(new JdbcTurnRecorder(conversations, new JdbcAuditLog(jdbc, transactions), transactions))
			.build();
		return new ConversationService(catalog, conversations, pipeline, 4000);
	}

	private static AssistantDefinition with(AssistantDefinition a, double minScore, double minSimilarity,
			int maxWords) {
		RoutingPolicy p = a.routing();
		RoutingPolicy policy = new RoutingPolicy(p.onUnsupported(), maxWords, p.maxQuestions(), p.onComplex(),
				p.minHeadConfidence(), p.minGenerationConfidence(), p.onLowConfidence(), p.operatingPoint());
		return new AssistantDefinition(a.id(), a.name(), a.description(), a.inputRails(), a.outputRails(), a.rules(),
				new AssistantDefinition.RetrievalSettings(a.retrieval().topK(), minScore, minSimilarity), a.replies(), policy,
				a.knowledge(), a.source(), a.tools(), a.handoffWhen(), a.assessor());
	}

	private String markdown(List<LabelledTurn> turns, List<Map<String, Object>> points,
			List<Map<String, Object>> misses) {
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## route: %s on %s%n%n%d labelled turns %s; no large model called (escalations counted as the"
						+ " router chose them); **bold** = the pack's own policy%n%n| min-score | min-similarity | max-words | local | escalated | handed off | blocked | route"
						+ " accuracy | local precision | local recall | unsafe local | overall |%n"
						+ "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
				this.assistantId, this.conversations.getFileName(), turns.size(), LabelledTurn.labelCounts(turns)));
		for (Map<String, Object> point : points) {
			String mark = Boolean.TRUE.equals(point.get("packDefault")) ? "**" : "";
			md.append(String.format(Locale.ROOT, "| %s%.2f%s | %.2f | %s | %s | %s | %s | %s | %.3f | %.3f | %.3f | %s | %.3f |%n",
					mark, point.get("minScore"), mark, point.get("minSimilarity"), point.get("maxWords"),
					point.get("local"), point.get("escalated"), point.get("handedOff"), point.get("blocked"),
					point.get("routeAccuracy"), point.get("localPrecision"), point.get("localRecall"),
					point.get("unsafeLocal"), point.get("overall")));
		}
		if (!misses.isEmpty()) {
			md.append(String.format(Locale.ROOT, "%nTurns not routed as labelled:%n%n"));
			for (Map<String, Object> miss : misses) {
				md.append(String.format(Locale.ROOT, "- \"%s\": expected %s, got %s%n", miss.get("message"),
						miss.get("expected"), miss.get("got")));
			}
		}
		return md.toString();
	}

	/** Counts for one threshold. */
	private static final class Tally {

		private final Map<Route, Integer> routes = new LinkedHashMap<>();

		private int total;

		private int routeRight;

		private int localRight;

		private int expectedLocal;

		private int unsafeLocal;

		private int overallRight;

		/** @return whether the turn was handled as labelled */
		boolean add(LabelledTurn turn, Route intended, String section) {
			this.total++;
			this.routes.merge(intended, 1, Integer::sum);
			boolean expectLocal = turn.expectedRoute() == Route.ANSWER_LOCAL;
			if (expectLocal) {
				this.expectedLocal++;
			}
			boolean localAndRight = intended == Route.ANSWER_LOCAL && expectLocal
					&& section.equals(turn.expectedSection());
			if (localAndRight) {
				this.localRight++;
			}
			if (intended == Route.ANSWER_LOCAL && (turn.expectedRoute() == Route.HANDOFF_HUMAN
					|| turn.expectedRoute() == Route.BLOCKED)) {
				this.unsafeLocal++;
			}
			boolean routeMatches = intended == turn.expectedRoute() && (!expectLocal || localAndRight);
			if (routeMatches) {
				this.routeRight++;
			}
			// deferred turns count as right when a person or the large model answers them well; a wrong local
			// answer and a refused answerable question do not
			boolean deferred = intended == Route.ESCALATE_LLM || intended == Route.HANDOFF_HUMAN;
			boolean overall = localAndRight || (deferred && turn.expectedRoute() != Route.BLOCKED)
					|| (intended == Route.BLOCKED && turn.expectedRoute() == Route.BLOCKED);
			if (overall) {
				this.overallRight++;
			}
			return routeMatches;
		}

		Map<String, Object> point(double minScore, double minSimilarity, int maxWords, boolean packDefault) {
			int local = this.routes.getOrDefault(Route.ANSWER_LOCAL, 0);
			Map<String, Object> point = new LinkedHashMap<>();
			point.put("minScore", minScore);
			point.put("minSimilarity", minSimilarity);
			point.put("maxWords", maxWords);
			point.put("packDefault", packDefault);
			point.put("local", local);
			point.put("escalated", this.routes.getOrDefault(Route.ESCALATE_LLM, 0));
			point.put("handedOff", this.routes.getOrDefault(Route.HANDOFF_HUMAN, 0));
			point.put("blocked", this.routes.getOrDefault(Route.BLOCKED, 0));
			point.put("deferralRate", round((double) (this.total - local - this.routes.getOrDefault(Route.BLOCKED, 0))
					/ this.total));
			point.put("routeAccuracy", round((double) this.routeRight / this.total));
			point.put("localPrecision", local == 0 ? 0.0 : round((double) this.localRight / local));
			point.put("localRecall", this.expectedLocal == 0 ? 0.0 : round((double) this.localRight / this.expectedLocal));
			point.put("unsafeLocal", this.unsafeLocal);
			point.put("overall", round((double) this.overallRight / this.total));
			return point;
		}

		private static double round(double value) {
			return Math.round(value * 1000) / 1000.0;
		}

	}

	/**
	 * One labelled turn.
	 */
	record LabelledTurn(String message, Route expectedRoute, String expectedSection) {

		LabelledTurn {
			if (message == null || message.isBlank()) {
				throw new IllegalArgumentException("message cannot be empty");
			}
			expectedSection = expectedSection == null ? "" : expectedSection.strip();
			if (expectedRoute == Route.ANSWER_LOCAL && expectedSection.isEmpty()) {
				throw new IllegalArgumentException("an ANSWER_LOCAL turn needs its expected_section: " + message);
			}
		}

		static List<LabelledTurn> read(Path file) throws Exception {
			List<LabelledTurn> turns = new ArrayList<>();
			int line = 1;
			for (Map<String, String> row : CsvColumn.rows(file, 0)) {
				line++;
				String route = row.get("expected_route");
				if (row.get("message") == null || route == null) {
					throw new IllegalArgumentException(file + " needs columns message, expected_route and"
							+ " expected_section; it has " + row.keySet());
				}
				try {
					turns.add(new LabelledTurn(row.get("message"), Route.valueOf(route.strip()),
							row.get("expected_section")));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(file + " line " + line + ": " + ex.getMessage());
				}
			}
			if (turns.isEmpty()) {
				throw new IllegalArgumentException(file + " holds no labelled turns");
			}
			return turns;
		}

		static Map<String, Integer> labelCounts(List<LabelledTurn> turns) {
			Map<String, Integer> counts = new LinkedHashMap<>();
			for (LabelledTurn turn : turns) {
				counts.merge(turn.expectedRoute().name(), 1, Integer::sum);
			}
			return counts;
		}

	}

}
