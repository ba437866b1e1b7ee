package dev.tessera.inference.imports;

import java.util.List;

/**
 * A SentencePiece-style vocabulary: pieces use {@code ▁} for a space, byte tokens are written {@code <0xNN>}, and a
 * higher score means the piece is merged earlier.
 */
public record Vocabulary(List<String> pieces, float[] scores, int unkId, int bosId, int eosId) {

	public static final String SPACE = "\u2581";

	public Vocabulary {
		pieces = List.copyOf(pieces);
		if (scores.length != pieces.size()) {
			throw new IllegalArgumentException(
					"scores (" + scores.length + ") and pieces (" + pieces.size() + ") differ in length");
		}
	}

	public int size() {
		return this.pieces.size();
	}

}
