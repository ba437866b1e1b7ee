package dev.tessera.inference.encoder;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * The in-JVM sentence encoder as a Spring AI {@link EmbeddingModel}, so retrieval and task heads treat it like any
 * remote embedding model. Options in the request (model name, dimensions) are ignored: the encoder is fixed.
 */
public final class LocalEmbeddingModel implements EmbeddingModel {

	private final SentenceEncoder encoder;

	public LocalEmbeddingModel(SentenceEncoder encoder) {
		this.encoder = encoder;
	}

	/** The encoder behind it, for callers that embed through a turn's {@link EmbeddingMemo}. */
	public SentenceEncoder encoder() {
		return this.encoder;
	}

	@Override
	public EmbeddingResponse call(EmbeddingRequest request) {
		List<float[]> vectors = this.encoder.embed(request.getInstructions());
		List<Embedding> embeddings = new ArrayList<>(vectors.size());
		for (int i = 0; i < vectors.size(); i++) {
			embeddings.add(new Embedding(vectors.get(i), i));
		}
		return new EmbeddingResponse(embeddings);
	}

	@Override
	public float[] embed(Document document) {
		return this.encoder.embed(List.of(getEmbeddingContent(document))).getFirst();
	}

	@Override
	public int dimensions() {
		return this.encoder.dimensions();
	}

}
