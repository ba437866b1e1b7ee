package dev.tessera.domains.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.inference.encoder.TextEmbedder;
import dev.tessera.domains.contract.RiskReport.ClassifiedClause;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

/**
 * Answers a question about one contract from its own clauses, citing them by number:
 * <ol>
 * <li>index the contract's clauses in an in-memory Lucene index (BM25 + vectors; the clause number and heading are
 * searched too), so nothing of the contract reaches any other knowledge;</li>
 * <li>rank the clauses by hybrid search (BM25 and cosine similarity fused by reciprocal rank);</li>
 * <li>ask the clause-type head what kind of clause the question is about: clauses of that type go first;</li>
 * <li>the best clause answers when it is of the asked type, or its BM25 score or similarity shows support; otherwise
 * the answer says the contract does not seem to address the question and shows the closest clauses.</li>
 * </ol>
 * The answer quotes the contract verbatim: nothing is generated, so nothing is made up.
 */
public final class ContractQuestions {

	/** BM25 score from which a clause supports an answer (the packs' knowledge uses 2 to 3). */
	static final double MIN_SCORE = 2.0;

	/** Cosine similarity from which a clause supports an answer (the packs' default 0.5). */
	static final double MIN_SIMILARITY = 0.5;

	private static final int CITED = 3;

	private static final String TENANT = "review";

	private static final String COLLECTION = "contract";

	/** Metadata naming a clause by its position: clause numbers need not be unique (a schedule may restart them). */
	private static final String INDEX = "index";

	private final Supplier<TaskHead> head;

	private final @Nullable TextEmbedder embedder;

	/** @param embedder the encoder for vector search, or null for BM25 only */
	public ContractQuestions(Supplier<TaskHead> head, @Nullable TextEmbedder embedder) {
		this.head = head;
		this.embedder = embedder;
	}

	/**
	 * An answer.
	 * @param supported whether a clause addresses the question; if not, the citations are only the closest clauses
	 * @param askedType the clause type the head read in the question, or null
	 * @param trail why these clauses: the search and the rule that decided
	 */
	public record Answer(String question, String answer, boolean supported, @Nullable String askedType,
			List<ClauseCitation> citations, List<String> trail, String notice) {
	}

	/** A clause cited in an answer, with its span in the contract and its scores. */
	public record ClauseCitation(String clause, String heading, @Nullable String type, int start, int end,
			String quote, double bm25, double similarity) {
	}

	public Answer answer(RiskReport report, String question) {
		List<String> trail = new ArrayList<>();
		List<ClassifiedClause> clauses = report.clauses();
		if (clauses.isEmpty()) {
			return new Answer(question, "The contract has no clauses to answer from.", false, null, List.of(),
					List.of("the contract has no clauses"), report.notice());
		}
		// 1. index
		List<KnowledgeChunk> chunks = new ArrayList<>();
		List<float[]> vectors = this.embedder == null ? null
				: this.embedder.embed(clauses.stream().map(c -> c.heading() + ". " + c.text()).toList());
		for (int i = 0; i < clauses.size(); i++) {
			ClassifiedClause c = clauses.get(i);
			KnowledgeChunk chunk = new KnowledgeChunk(TENANT, COLLECTION, report.document(), report.title(),
					c.number() + " " + c.heading(), c.text(), c.start(), c.end(), Map.of(INDEX, String.valueOf(i)), null);
			chunks.add(vectors == null ? chunk : chunk.withEmbedding(vectors.get(i)));
		}
		float[] queryVector = this.embedder == null ? null : this.embedder.embed(List.of(question)).get(0);
		try (LuceneKnowledgeStore index = LuceneKnowledgeStore.inMemory()) {
			index.add(chunks);
			// 2. rank
			int k = clauses.size();
			Map<Integer, Double> bm25 = scores(index.search(SearchRequest.lexical(TENANT, COLLECTION, question, k)));
			Map<Integer, Double> similarity = queryVector == null ? Map.of()
					: scores(index.search(new SearchRequest(TENANT, COLLECTION, question, queryVector, k,
							SearchMode.VECTOR, Map.of())));
			List<SearchHit> ranked = index.search(new SearchRequest(TENANT, COLLECTION, question, queryVector, k,
					queryVector == null ? SearchMode.LEXICAL : SearchMode.HYBRID, Map.of()));
			trail.add(String.format(Locale.ROOT, "searched %d clauses (%s)", clauses.size(),
					queryVector == null ? "BM25" : "BM25 + vectors, reciprocal rank fusion"));
			// 3. the asked type first
			HeadPrediction asked = this.head.get().predict(question);
			String askedType = asked.decision().orElse(null);
			List<Integer> order = new ArrayList<>();
			ranked.forEach(hit -> order.add(Integer.valueOf(hit.chunk().metadata().get(INDEX))));
			for (int i = 0; i < clauses.size(); i++) {
				if (!order.contains(i)) {
					order.add(i);
				}
			}
			if (askedType != null) {
				trail.add(String.format(Locale.ROOT, "the question is about %s (clause-type head, %.2f)", askedType,
						asked.confidence()));
				List<Integer> ofType = order.stream().filter(i -> askedType.equals(clauses.get(i).type())).toList();
				order.removeAll(ofType);
				order.addAll(0, ofType);
				if (ofType.isEmpty()) {
					trail.add("no clause of the contract is of type " + askedType);
				}
			}
			else {
				trail.add(String.format(Locale.ROOT, "the clause-type head found no clause type in the question (closest %s, %.2f)",
						asked.label(), asked.confidence()));
			}
			// 4. support
			int first = order.get(0);
			ClassifiedClause best = clauses.get(first);
			double bestBm25 = bm25.getOrDefault(first, 0.0);
			double bestSimilarity = similarity.getOrDefault(first, 0.0);
			boolean ofAskedType = askedType != null && askedType.equals(best.type());
			boolean supported = ofAskedType || bestBm25 >= MIN_SCORE || bestSimilarity >= MIN_SIMILARITY;
			trail.add(String.format(Locale.ROOT,
					"clause %s %s: type %s, BM25 %.2f (minimum %.2f), similarity %.2f (minimum %.2f)", best.number(),
					supported ? "answers" : "does not support an answer", best.type(), bestBm25, MIN_SCORE,
					bestSimilarity, MIN_SIMILARITY));
			List<ClauseCitation> citations = new ArrayList<>();
			for (int i : order.subList(0, Math.min(CITED, order.size()))) {
				ClassifiedClause c = clauses.get(i);
				citations.add(new ClauseCitation(c.number(), c.heading(), c.type(), c.start(), c.end(), c.text(),
						round(bm25.getOrDefault(i, 0.0)), round(similarity.getOrDefault(i, 0.0))));
			}
			String answer = supported
					? "Clause " + best.number() + (best.heading().isEmpty() ? "" : " (" + best.heading() + ")")
							+ " says: \"" + best.text().replaceAll("\\s+", " ").strip() + "\""
					: "The contract does not seem to address this. The closest clauses are "
							+ String.join(", ", citations.stream().map(ClauseCitation::clause).toList()) + ".";
			return new Answer(question, answer, supported, askedType, citations, trail, report.notice());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot close the in-memory index", ex);
		}
	}

	private static Map<Integer, Double> scores(List<SearchHit> hits) {
		Map<Integer, Double> scores = new HashMap<>();
		hits.forEach(hit -> scores.putIfAbsent(Integer.valueOf(hit.chunk().metadata().get(INDEX)), hit.score()));
		return scores;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
