package dev.tessera.server.contracts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.access.Role;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract review over real HTTP on the server as shipped (embedded H2, the bundled encoder, the contract-review
 * pack's clause-type head and playbook): a contract written for this test, with deviating clauses and no
 * confidentiality clause, goes through upload, background analysis, report, comments, questions and the reviewer's
 * decision.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractReviewApiTest {

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		// a database of its own per run, so the audit trail's newest actions are this run's
		String run = UUID.randomUUID().toString();
		registry.add("tessera.data-dir", () -> "./target/test-data/contract-review-api-" + run);
	}

	static final String PASSWORD = "a-long-test-password";

	/** Original text: a supply agreement with an unlimited liability, free assignment and a long non-compete. */
	static final String CONTRACT = """
			# Equipment Supply Agreement

			This Equipment Supply Agreement is made between Kestrel Tools plc ("Seller") and Ostara Farms BV ("Buyer").

			## 1. Supply and Payment

			1.1 The Seller shall supply the irrigation pumps listed in the Order.

			1.2 The Buyer shall pay each invoice within fourteen (14) days of its date.

			## 2. Term and Termination

			2.1 Either party may terminate this Agreement by notice if the other party commits a material breach that it does not remedy within thirty (30) days of notice, or becomes insolvent.

			2.2 Either party may terminate this Agreement for convenience on ninety (90) days' written notice.

			## 3. Liability

			3.1 The Seller's liability under this Agreement is unlimited.

			## 4. Transfer

			4.1 The Seller may assign this Agreement to any third party without the Buyer's consent.

			## 5. Restrictions

			5.1 For three (3) years after this Agreement ends, the Buyer shall not buy or sell pumps that compete with the Seller's products.

			## 6. Governing Law

			6.1 This Agreement is governed by the laws of England and Wales and the courts of England have exclusive jurisdiction.

			## 7. General

			7.1 This Agreement may be signed in counterparts.
			""";

	@LocalServerPort
	int port;

	@Autowired
	OperatorAccountService accounts;

	Http admin;

	Http reviewer;

	Http auditor;

	@BeforeEach
	void operators() {
		this.admin = new Http(this.port);
		for (Role role : new Role[] { Role.REVIEWER, Role.AUDITOR }) {
			String name = "contracts-" + role.name().toLowerCase();
			if (this.accounts.find(name).isEmpty()) {
				this.accounts.create(name, PASSWORD, EnumSet.of(role), "default");
			}
		}
		this.reviewer = this.admin.as("contracts-reviewer", PASSWORD);
		this.auditor = this.admin.as("contracts-auditor", PASSWORD);
	}

	private String upload(Http http, String name, String text) {
		Http.Response accepted = http.upload("/api/v1/contract-reviews",
				Map.of(name, text.getBytes(StandardCharsets.UTF_8)));
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.location()).startsWith("/api/v1/contract-reviews/");
		assertThat(accepted.json().path("state").asString()).isEqualTo("QUEUED");
		return accepted.json().path("id").asString();
	}

	private JsonNode awaitAnalysis(Http http, String id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			JsonNode review = http.get("/api/v1/contract-reviews/" + id).json();
			if (!review.path("state").asString().equals("QUEUED")) {
				assertThat(review.path("state").asString()).as(review.path("error").asString()).isEqualTo("ANALYSED");
				return review;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the analysis did not finish");
	}

	private static JsonNode finding(JsonNode report, String check) {
		for (JsonNode finding : report.path("findings")) {
			if (finding.path("check").asString().equals(check)) {
				return finding;
			}
		}
		throw new AssertionError("no finding " + check + " in " + report.path("findings"));
	}

	@Test
	void a_contract_is_analysed_flagged_with_citations_questioned_commented_and_decided() throws Exception {
		String id = upload(this.reviewer, "equipment-supply.md", CONTRACT);
		JsonNode review = awaitAnalysis(this.reviewer, id);
		JsonNode report = review.path("report");

		// flagged clauses, each with its clause number, span and the quoted contract text
		assertThat(review.path("overallRisk").asString()).isEqualTo("HIGH");
		JsonNode unlimited = finding(report, "unlimited-liability");
		assertThat(unlimited.path("risk").asString()).isEqualTo("HIGH");
		assertThat(unlimited.path("citation").path("clause").asString()).isEqualTo("3.1");
		assertThat(unlimited.path("citation").path("quote").asString())
			.isEqualTo("3.1 The Seller's liability under this Agreement is unlimited.");
		int start = unlimited.path("citation").path("start").asInt();
		int end = unlimited.path("citation").path("end").asInt();
		assertThat(CONTRACT.substring(start, end)).isEqualTo(unlimited.path("citation").path("quote").asString());
		assertThat(finding(report, "free-assignment").path("citation").path("clause").asString()).isEqualTo("4.1");
		assertThat(finding(report, "long-non-compete-years").path("reason").asString())
			.isEqualTo("The restriction lasts 3 years; the standard is twelve months at most.");
		assertThat(finding(report, "short-payment-term").path("citation").path("clause").asString()).isEqualTo("1.2");
		for (JsonNode finding : report.path("findings")) {
			assertThat(finding.path("check").asString()).as("standard clauses are not flagged")
				.isNotIn("foreign-law", "short-convenience-notice", "one-sided-convenience", "long-cure-period");
		}
		// the required clause it lacks
		assertThat(report.path("missing")).hasSize(1);
		assertThat(report.path("missing").get(0).path("clauseType").asString()).isEqualTo("confidentiality");
		assertThat(report.path("missing").get(0).path("risk").asString()).isEqualTo("HIGH");
		assertThat(report.path("notice").asString()).contains("not legal advice");

		// the readable report
		Http.Response markdown = this.reviewer.get("/api/v1/contract-reviews/" + id + "/report", "text/markdown");
		assertThat(markdown.status()).isEqualTo(200);
		assertThat(markdown.contentType()).startsWith("text/markdown");
		assertThat(markdown.body()).contains("**Overall risk: HIGH**")
			.contains("### HIGH · clause 3.1 · Limitation of liability (`unlimited-liability`)")
			.contains("**HIGH · Confidentiality**");
		Http.Response html = this.auditor.get("/api/v1/contract-reviews/" + id + "/report", "text/html");
		assertThat(html.contentType()).startsWith("text/html");
		assertThat(html.body()).contains("<blockquote>").contains("<table>");

		// questions answered from the contract's clauses, cited by number
		JsonNode law = this.reviewer.postJson("/api/v1/contract-reviews/" + id + "/questions",
				"{\"question\": \"Which country's law governs this agreement?\"}").json();
		assertThat(law.path("supported").asBoolean()).isTrue();
		assertThat(law.path("citations").get(0).path("clause").asString()).isEqualTo("6.1");
		assertThat(law.path("answer").asString()).startsWith("Clause 6.1 (Governing Law) says:");
		JsonNode assign = this.reviewer.postJson("/api/v1/contract-reviews/" + id + "/questions",
				"{\"question\": \"Can the seller transfer the contract to someone else?\"}").json();
		assertThat(assign.path("citations").get(0).path("clause").asString()).isEqualTo("4.1");
		assertThat(assign.path("trail").toString()).contains("clause 4.1 answers");

		// comments and the decision
		Http.Response comment = this.reviewer.postJson("/api/v1/contract-reviews/" + id + "/comments",
				"{\"clause\": \"3.1\", \"text\": \"Ask for a cap of twelve months' fees.\"}");
		assertThat(comment.status()).isEqualTo(201);
		assertThat(comment.json().path("author").asString()).isEqualTo("contracts-reviewer");
		assertThat(this.auditor.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"APPROVED\"}").status()).as("auditors read only").isEqualTo(403);
		assertProblem(this.reviewer.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"CHANGES_REQUESTED\"}"), 400, "needs a comment");
		assertProblem(this.reviewer.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"MAYBE\"}"), 400, "'decision' must be one of [APPROVED, CHANGES_REQUESTED]");
		Http.Response decided = this.reviewer.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"CHANGES_REQUESTED\", \"comment\": \"Cap the liability and add confidentiality.\"}");
		assertThat(decided.status()).as(decided.body()).isEqualTo(200);
		assertThat(decided.json().path("state").asString()).isEqualTo("CHANGES_REQUESTED");
		assertThat(decided.json().path("decidedBy").asString()).isEqualTo("contracts-reviewer");
		Http.Response again = this.admin.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"APPROVED\"}");
		assertProblem(again, 409, "already decided (CHANGES_REQUESTED by 'contracts-reviewer')");
		assertThat(again.json().path("state").asString()).isEqualTo("CHANGES_REQUESTED");

		JsonNode read = this.auditor.get("/api/v1/contract-reviews/" + id).json();
		assertThat(read.path("decisionComment").asString()).isEqualTo("Cap the liability and add confidentiality.");
		assertThat(read.path("comments").get(0).path("clause").asString()).isEqualTo("3.1");
		boolean listed = false;
		for (JsonNode item : this.auditor.get("/api/v1/contract-reviews?state=CHANGES_REQUESTED").json()) {
			listed |= item.path("id").asString().equals(id);
			assertThat(item.path("report").isNull()).as("the list leaves the report out").isTrue();
		}
		assertThat(listed).isTrue();

		// the audit trail: who uploaded, commented and decided
		JsonNode actions = this.admin.get("/api/v1/audit?kind=admin&size=20").json().path("items");
		assertThat(actions.toString()).contains("contract-review.upload")
			.contains("contract-review.analyse")
			.contains("contract-review.comment")
			.contains("contract-review.decide")
			.contains("contract-review/" + id);
	}

	@Test
	void a_review_is_decided_once_and_approval_needs_no_comment() throws Exception {
		String id = upload(this.admin, "short.txt", "1. Governing Law\n\nThis contract is governed by English law.\n");
		JsonNode review = awaitAnalysis(this.admin, id);
		assertThat(review.path("report").path("missing").toString()).contains("limitation_of_liability")
			.contains("termination");

		Http.Response approved = this.admin.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"approved\"}");
		assertThat(approved.json().path("state").asString()).isEqualTo("APPROVED");
		assertProblem(this.admin.postJson("/api/v1/contract-reviews/" + id + "/decision",
				"{\"decision\": \"CHANGES_REQUESTED\", \"comment\": \"too late\"}"), 409, "already decided");
	}

	@Test
	void bad_uploads_and_requests_are_problems() throws Exception {
		Http.Response empty = this.reviewer.upload("/api/v1/contract-reviews", Map.of("empty.txt", new byte[0]));
		assertProblem(empty, 400, "empty.txt is empty");
		assertThat(empty.json().path("reason").asString()).isEqualTo("EMPTY");
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip)) {
			out.putNextEntry(new ZipEntry("contract.txt"));
			out.write("1. Term".getBytes(StandardCharsets.UTF_8));
		}
		assertProblem(this.reviewer.upload("/api/v1/contract-reviews", Map.of("contracts.zip", zip.toByteArray())),
				400, "is an archive");
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
		assertProblem(this.reviewer.upload("/api/v1/contract-reviews", Map.of("scan.png", png)), 415,
				"accepted: PDF, DOCX, HTML, Markdown and plain text");
		assertProblem(this.reviewer.upload("/api/v1/contract-reviews",
				Map.of("a.txt", "x".getBytes(StandardCharsets.UTF_8), "b.txt", "y".getBytes(StandardCharsets.UTF_8))),
				400, "Send one contract");
		assertProblem(this.reviewer.get("/api/v1/contract-reviews/no-such-id"), 404,
				"no contract review with id 'no-such-id'");
		assertProblem(this.reviewer.postJson("/api/v1/contract-reviews/no-such-id/questions", "{\"question\": \"x\"}"),
				404, "no contract review");
		assertProblem(this.reviewer.get("/api/v1/contract-reviews?state=LOST"), 400, "state must be one of");
		assertProblem(this.reviewer.get("/api/v1/contract-reviews?limit=0"), 400, "limit must be within 1..500");
		assertProblem(this.reviewer.postJson("/api/v1/contract-reviews/x/comments", "{\"text\": \" \"}"), 400,
				"'text' is required");
	}

	@Test
	void another_tenants_review_is_unknown() throws Exception {
		String id = upload(this.admin, "tenant.txt", "1. Governing Law\n\nThis contract is governed by English law.\n");
		String other = "other-admin-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(other, PASSWORD, EnumSet.of(Role.ADMIN), "tenant-" + UUID.randomUUID());
		Http stranger = this.admin.as(other, PASSWORD);

		assertThat(stranger.get("/api/v1/contract-reviews/" + id).status()).isEqualTo(404);
		assertThat(stranger.get("/api/v1/contract-reviews").json().toString()).doesNotContain(id);
		assertThat(stranger.postJson("/api/v1/contract-reviews/" + id + "/decision", "{\"decision\": \"APPROVED\"}")
			.status()).isEqualTo(404);
		awaitAnalysis(this.admin, id);
	}

	static void assertProblem(Http.Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains(detail);
	}

}
