package dev.tessera.core.learning;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.audit.JdbcAdminAuditLog;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.JdbcHeadVersions;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Learning from escalations end to end on the real encoder and a database: candidates reviewed, a retraining round
 * through the gate, the promoted version served and kept across a restart, a rollback, every decision audited.
 */
class LearningServiceTest {

	static SentenceEncoder encoder;

	static TrainingSet shop;

	/** Messages a shop's customers escalated, with the label a reviewer gives them. */
	static final List<List<String>> ESCALATED = List.of(List.of("my card was charged twice for one order", "payment_problem"),
			List.of("the payment page keeps failing with an error", "payment_problem"),
			List.of("why was my credit card declined at checkout", "payment_problem"),
			List.of("can I send back the jacket that does not fit", "returns"),
			List.of("how many days do I have to return sandals", "returns"),
			List.of("I want to return a gift I received", "returns"),
			List.of("when will I see the money for the returned lamp", "refund"),
			List.of("the refund has not reached my account yet", "refund"),
			List.of("can I get my money back for a broken kettle", "refund"),
			List.of("how long does delivery to Norway take", "shipping"),
			List.of("do you ship to the Canary Islands", "shipping"),
			List.of("what does express delivery cost", "shipping"),
			List.of("has my order 123456 been sent", "order_status"),
			List.of("I ordered on Monday and have heard nothing", "order_status"),
			List.of("is my parcel on its way", "order_status"));

	@TempDir
	Path data;

	private DataSource dataSource;

	private JdbcLearningCandidates candidates;

	private TaskHeadService heads;

	private LearningService learning;

	private final String assistant = "shop";

	@BeforeAll
	static void loadEncoder() throws Exception {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("heads", 2, 8, Duration.ofSeconds(30)));
		try (InputStream in = LearningServiceTest.class.getResourceAsStream("/heads/shop-intents.csv")) {
			shop = TrainingSet.fromCsv(in, "shop-intents.csv", "text", "intent");
		}
	}

	@AfterAll
	static void closeEncoder() {
		encoder.close();
	}

	@BeforeEach
	void start() {
		this.dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		new TesseraSchema(this.dataSource).migrate();
		this.candidates = new JdbcLearningCandidates(JdbcClient.create(this.dataSource), transactions(),
				Clock.systemUTC());
		this.heads = server();
		this.heads.loadOrTrain(this.assistant, "intent", shop);
		this.learning = service(this.heads);
	}

	private TransactionTemplate transactions() {
		return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
	}

	private TaskHeadService server() {
		return new TaskHeadService(this.data, encoder, HeadTrainingOptions.defaults(),
				new JdbcHeadVersions(JdbcClient.create(this.dataSource), transactions(), Clock.systemUTC()));
	}

	/**
	 * The service with a wide gate margin: sixty pack examples and fifteen reviewed ones are far too few to show a
	 * version within the default two points, and this test is about what a promotion does, not when it is allowed.
	 */
	private LearningService service(TaskHeadService service) {
		return new LearningService(this.candidates, new JdbcHeadPromotions(JdbcClient.create(this.dataSource),
				Clock.systemUTC()), service, id -> Map.of("intent", shop),
				new JdbcAdminAuditLog(JdbcClient.create(this.dataSource), transactions(), Clock.systemUTC()),
				new LearningSettings(0.9, 0.02, Map.of(), 0.45), Clock.systemUTC(), () -> null);
	}

	/** Each escalated message recorded as a turn and reviewed with its label. */
	private void escalateAndReview() {
		CandidateRecorder recorder = new CandidateRecorder((request, redacted, result) -> {
		}, this.candidates, transactions(), 0);
		for (List<String> escalated : ESCALATED) {
			String turn = UUID.randomUUID().toString();
			HeadPrediction predicted = this.heads.require(this.assistant, "intent").predict(escalated.get(0));
			recorder.record(new TurnRequest("t1", turn, this.assistant, escalated.get(0)), escalated.get(0),
					new TurnResult(turn, turn, this.assistant, "an answer", List.of(), Route.ESCALATE_LLM, "unsure",
							"large", List.of(), List.of(), 1, List.of(), Map.of("intent", predicted)));
		}
		for (LearningCandidate candidate : this.candidates.list("t1", Optional.of(CandidateState.PENDING),
				Optional.of(this.assistant), 100)) {
			String label = ESCALATED.stream().filter(e -> e.get(0).equals(candidate.message())).findFirst().orElseThrow().get(1);
			this.learning.review("t1", candidate.id(), "rita",
					new LearningService.Review(CandidateState.ACCEPTED, Map.of("intent", label), "checked"));
		}
	}

	private List<String> auditActions() {
		return JdbcClient.create(this.dataSource)
			.sql("SELECT action FROM tessera_audit_admin_action ORDER BY seq")
			.query(String.class)
			.list();
	}

	@Test
	void a_review_is_checked_against_the_heads_and_audited() {
		CandidateRecorder recorder = new CandidateRecorder((request, redacted, result) -> {
		}, this.candidates, transactions(), 0);
		String turn = UUID.randomUUID().toString();
		recorder.record(new TurnRequest("t1", turn, this.assistant, "what is the weather"), "what is the weather",
				new TurnResult(turn, turn, this.assistant, "", List.of(), Route.HANDOFF_HUMAN, "unsure", "none",
						List.of(), List.of(), 1, List.of()));
		String id = this.candidates.list("t1", Optional.empty(), Optional.empty(), 10).getFirst().id();

		assertThatThrownBy(() -> this.learning.review("t1", id, "rita",
				new LearningService.Review(CandidateState.ACCEPTED, Map.of("intent", "weather"), "")))
			.isInstanceOf(CandidateReviewException.class)
			.hasMessageContaining("'weather' is not a label of head 'intent'");
		assertThatThrownBy(() -> this.learning.review("t1", id, "rita",
				new LearningService.Review(CandidateState.ACCEPTED, Map.of("mood", "happy"), "")))
			.isInstanceOf(CandidateReviewException.class)
			.hasMessageContaining("has no head 'mood'");
		assertThatThrownBy(() -> this.learning.review("t1", id, "rita",
				new LearningService.Review(CandidateState.ACCEPTED, Map.of(), "")))
			.isInstanceOf(CandidateReviewException.class);

		LearningCandidate reviewed = this.learning.review("t1", id, "rita",
				new LearningService.Review(CandidateState.OUT_OF_SCOPE, Map.of(), "not a shop question"));

		assertThat(reviewed.labels()).containsExactly(Map.entry("intent", HeadTrainingOptions.OUT_OF_SCOPE));
		assertThat(auditActions()).containsExactly("learning.review");
		assertThatThrownBy(() -> this.learning.retrain("t1", this.assistant, "intent", "admin"))
			.as("the one accepted example is held back")
			.isInstanceOf(NothingToLearnException.class)
			.hasMessageContaining("no accepted examples to learn from yet");
	}

	@Test
	void a_round_promotes_a_version_trained_on_the_reviewed_examples_which_survives_a_restart_and_can_be_rolled_back() {
		escalateAndReview();
		TaskHead before = this.heads.require(this.assistant, "intent");

		HeadPromotion round = this.learning.retrain("t1", this.assistant, "intent", "admin");

		assertThat(round.state()).as(round.comparison()).isEqualTo(HeadPromotion.State.PROMOTED);
		assertThat(round.servingVersion()).isEqualTo(before.spec().version());
		assertThat(round.throughSeq()).isEqualTo(ESCALATED.size());
		assertThat(round.heldBack()).isEqualTo(3); // numbers 1, 6 and 11
		assertThat(round.trainedOn()).as("the pack but one example in five, and the reviewed ones not held back")
			.isEqualTo(shop.examples().size() - shop.examples().size() / 5 + ESCALATED.size() - 3);
		assertThat(round.comparison()).contains("\"figures\"").contains("\"accuracy\"").contains("\"operatingPoint\"");
		TaskHead serving = this.heads.require(this.assistant, "intent");
		assertThat(serving.spec().version()).isEqualTo(round.candidateVersion());
		assertThat(serving.learnedThrough()).isEqualTo(ESCALATED.size());
		assertThat(serving.operatingPoint(0.9)).as("its own operating point").isPresent();
		assertThat(auditActions()).endsWith("head.promote");

		// a restart takes the promoted version: the pack's examples plus the reviewed ones it was trained with
		TaskHeadService restarted = server();
		TaskHead loaded = restarted.loadOrTrain(this.assistant, "intent", shop,
				through -> LearningService.trainedWith(shop, this.candidates, this.assistant, "intent", through));
		assertThat(loaded.spec().version()).isEqualTo(round.candidateVersion());
		assertThat(restarted.versions(this.assistant, "intent")).as("nothing trained again")
			.containsExactlyElementsOf(this.heads.versions(this.assistant, "intent"));

		HeadPromotion rolledBack = this.learning.rollback("t1", this.assistant, "intent", "admin");
		assertThat(rolledBack.state()).isEqualTo(HeadPromotion.State.ROLLED_BACK);
		assertThat(this.heads.require(this.assistant, "intent").spec().version()).isEqualTo(before.spec().version());
		assertThat(restarted.refresh()).as("the other server follows")
			.containsExactly(this.assistant + "/intent v" + before.spec().version());
		assertThat(auditActions()).endsWith("head.promote", "head.rollback");
		assertThatThrownBy(() -> this.learning.rollback("t1", this.assistant, "intent", "admin"))
			.isInstanceOf(NothingToLearnException.class);
		assertThat(this.learning.promotions(this.assistant, "intent")).extracting(HeadPromotion::state)
			.containsExactly(HeadPromotion.State.ROLLED_BACK);
	}

	@Test
	void a_round_that_would_lose_a_protected_label_waits_with_its_comparison_and_the_serving_version_stays() {
		// every reviewed example labelled 'refund', whatever it asked: the head would learn to call much of the shop
		// a refund, and 'order_status' is the label this shop protects
		CandidateRecorder recorder = new CandidateRecorder((request, redacted, result) -> {
		}, this.candidates, transactions(), 0);
		List<String> texts = new ArrayList<>();
		for (int copy = 0; copy < 3; copy++) {
			for (List<String> escalated : ESCALATED) {
				texts.add(escalated.get(0) + (copy == 0 ? "" : " please" + "!".repeat(copy)));
			}
		}
		for (String text : texts) {
			String turn = UUID.randomUUID().toString();
			recorder.record(new TurnRequest("t1", turn, this.assistant, text), text, new TurnResult(turn, turn,
					this.assistant, "a", List.of(), Route.ESCALATE_LLM, "unsure", "large", List.of(), List.of(), 1));
		}
		LearningService protecting = new LearningService(this.candidates,
				new JdbcHeadPromotions(JdbcClient.create(this.dataSource), Clock.systemUTC()), this.heads,
				id -> Map.of("intent", shop),
				new JdbcAdminAuditLog(JdbcClient.create(this.dataSource), transactions(), Clock.systemUTC()),
				new LearningSettings(0.9, 0.02, Map.of("shop/intent", "order_status"), 0.45), Clock.systemUTC(),
				() -> null);
		for (LearningCandidate candidate : this.candidates.list("t1", Optional.empty(), Optional.of(this.assistant), 100)) {
			protecting.review("t1", candidate.id(), "rita",
					new LearningService.Review(CandidateState.ACCEPTED, Map.of("intent", "refund"), ""));
		}
		int before = this.heads.require(this.assistant, "intent").spec().version();

		HeadPromotion round = protecting.retrain("t1", this.assistant, "intent", "admin");

		assertThat(round.state()).as(round.comparison()).isEqualTo(HeadPromotion.State.WAITING);
		assertThat(round.summary()).startsWith("refused")
			.containsPattern("(accuracy|order_status recall) [^;]*: (worse beyond its noise|too few examples)");
		assertThat(this.heads.require(this.assistant, "intent").spec().version()).isEqualTo(before);
		assertThat(this.heads.versions(this.assistant, "intent")).as("the refused version stays saved")
			.contains(round.candidateVersion());
		assertThat(auditActions()).endsWith("head.promotion-refused");
	}

}
