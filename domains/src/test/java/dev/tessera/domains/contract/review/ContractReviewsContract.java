package dev.tessera.domains.contract.review;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.domains.contract.RiskLevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract review workflow on a real database. Implemented once per database.
 */
public abstract class ContractReviewsContract {

	protected abstract DataSource dataSource();

	private JdbcContractReviews reviews;

	@BeforeEach
	void migrateAndWire() {
		new TesseraSchema(dataSource(), java.util.List.of(ContractReviewAutoConfiguration.SCHEMA)).migrate();
		this.reviews = new JdbcContractReviews(JdbcClient.create(dataSource()), Clock.systemUTC());
	}

	private ContractReview submitted(String tenant) {
		return this.reviews.submit(new ContractReviews.NewReview(tenant, "msa.txt", "Master services agreement",
				"text/plain", "ab".repeat(32), "1. Term\n\n1.1 The term is one year.", "ana"));
	}

	@Test
	void a_review_goes_from_queued_to_analysed_to_a_decision() {
		String tenant = "tenant-" + UUID.randomUUID();
		ContractReview queued = submitted(tenant);
		assertThat(queued.state()).isEqualTo(ReviewState.QUEUED);
		assertThat(queued.reportJson()).isNull();
		assertThat(this.reviews.queued()).contains(queued.id());
		assertThat(this.reviews.content(tenant, queued.id())).isEqualTo("1. Term\n\n1.1 The term is one year.");

		assertThat(this.reviews.markAnalysed(queued.id(), RiskLevel.MEDIUM, "{\"overallRisk\":\"MEDIUM\"}")).isTrue();
		assertThat(this.reviews.markAnalysed(queued.id(), RiskLevel.LOW, "{}")).as("analysed once").isFalse();
		ContractReview analysed = this.reviews.find(tenant, queued.id()).orElseThrow();
		assertThat(analysed.state()).isEqualTo(ReviewState.ANALYSED);
		assertThat(analysed.overallRisk()).isEqualTo(RiskLevel.MEDIUM);
		assertThat(analysed.reportJson()).isEqualTo("{\"overallRisk\":\"MEDIUM\"}");
		assertThat(analysed.analysedAt()).isNotNull();
		assertThat(this.reviews.queued()).doesNotContain(queued.id());

		ContractReview decided = this.reviews.decide(tenant, queued.id(), ReviewDecision.CHANGES_REQUESTED, "ben",
				"  Cap the liability at twelve months.  ");
		assertThat(decided.state()).isEqualTo(ReviewState.CHANGES_REQUESTED);
		assertThat(decided.decidedBy()).isEqualTo("ben");
		assertThat(decided.decisionNote()).isEqualTo("Cap the liability at twelve months.");
		assertThat(decided.decidedAt()).isNotNull();
	}

	@Test
	void only_an_analysed_review_can_be_decided_and_only_once() {
		String tenant = "tenant-" + UUID.randomUUID();
		ContractReview review = submitted(tenant);

		assertThatThrownBy(() -> this.reviews.decide(tenant, review.id(), ReviewDecision.APPROVED, "ben", ""))
			.isInstanceOf(ReviewTransitionException.class)
			.hasMessageContaining("still being analysed")
			.satisfies(ex -> assertThat(((ReviewTransitionException) ex).state()).isEqualTo(ReviewState.QUEUED));
		this.reviews.markAnalysed(review.id(), RiskLevel.NONE, "{}");
		assertThatThrownBy(() -> this.reviews.decide(tenant, review.id(), ReviewDecision.CHANGES_REQUESTED, "ben", " "))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("needs a comment");
		this.reviews.decide(tenant, review.id(), ReviewDecision.APPROVED, "ben", null);
		assertThatThrownBy(() -> this.reviews.decide(tenant, review.id(), ReviewDecision.CHANGES_REQUESTED, "cy",
				"too late"))
			.isInstanceOf(ReviewTransitionException.class)
			.hasMessageContaining("already decided (APPROVED by 'ben')");

		ContractReview failing = submitted(tenant);
		assertThat(this.reviews.markFailed(failing.id(), "the clause-type head is not trained")).isTrue();
		assertThat(this.reviews.find(tenant, failing.id()).orElseThrow().error())
			.isEqualTo("the clause-type head is not trained");
		assertThatThrownBy(() -> this.reviews.decide(tenant, failing.id(), ReviewDecision.APPROVED, "ben", ""))
			.isInstanceOf(ReviewTransitionException.class)
			.hasMessageContaining("could not be analysed");
	}

	@Test
	void two_reviewers_deciding_at_once_get_one_decision_between_them() throws Exception {
		String tenant = "tenant-" + UUID.randomUUID();
		ContractReview review = submitted(tenant);
		this.reviews.markAnalysed(review.id(), RiskLevel.LOW, "{}");
		List<Callable<String>> decisions = List.of(() -> decide(tenant, review.id(), "ana"),
				() -> decide(tenant, review.id(), "ben"), () -> decide(tenant, review.id(), "cy"));
		try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
			List<String> outcomes = pool.invokeAll(decisions).stream().map(f -> {
				try {
					return f.get();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
			assertThat(outcomes).filteredOn(o -> o.startsWith("decided")).hasSize(1);
		}
	}

	private String decide(String tenant, String id, String reviewer) {
		try {
			this.reviews.decide(tenant, id, ReviewDecision.APPROVED, reviewer, "fine");
			return "decided by " + reviewer;
		}
		catch (ReviewTransitionException ex) {
			return "refused " + reviewer;
		}
	}

	@Test
	void comments_are_kept_in_order_with_their_clause() {
		String tenant = "tenant-" + UUID.randomUUID();
		ContractReview review = submitted(tenant);

		this.reviews.comment(tenant, review.id(), "ana", "5.1", "  The cap is too high.  ");
		this.reviews.comment(tenant, review.id(), "ben", " ", "Looks fine otherwise.");

		assertThat(this.reviews.comments(tenant, review.id()))
			.extracting(ReviewComment::author, ReviewComment::clause, ReviewComment::text)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("ana", "5.1", "The cap is too high."),
					org.assertj.core.groups.Tuple.tuple("ben", null, "Looks fine otherwise."));
		assertThatThrownBy(() -> this.reviews.comment(tenant, review.id(), "ana", null, "  "))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void reviews_are_tenant_scoped_and_listed_newest_first_by_state() {
		String tenant = "tenant-" + UUID.randomUUID();
		ContractReview first = submitted(tenant);
		ContractReview second = submitted(tenant);
		ContractReview foreign = submitted("other-" + UUID.randomUUID());
		this.reviews.markAnalysed(second.id(), RiskLevel.HIGH, "{}");

		assertThat(this.reviews.list(tenant, Optional.empty(), 10)).extracting(ContractReview::id)
			.containsExactly(second.id(), first.id());
		assertThat(this.reviews.list(tenant, Optional.of(ReviewState.QUEUED), 10)).extracting(ContractReview::id)
			.containsExactly(first.id());
		assertThat(this.reviews.list(tenant, Optional.empty(), 1)).hasSize(1);
		assertThat(this.reviews.find(tenant, foreign.id())).isEmpty();
		assertThatThrownBy(() -> this.reviews.content(tenant, foreign.id())).isInstanceOf(UnknownReviewException.class);
		assertThatThrownBy(() -> this.reviews.comment(tenant, foreign.id(), "ana", null, "hi"))
			.isInstanceOf(UnknownReviewException.class);
		assertThatThrownBy(() -> this.reviews.decide(tenant, foreign.id(), ReviewDecision.APPROVED, "ana", ""))
			.isInstanceOf(UnknownReviewException.class);
		assertThat(this.reviews.tenantOf(foreign.id())).isPresent();
	}

}
