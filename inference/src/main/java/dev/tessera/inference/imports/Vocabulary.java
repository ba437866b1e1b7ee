package dev.tessera.inference.imports;

import java.util.List;

/**
 * A SentencePiece-style vocabulary: pieces use {@code ▁} for a space, byte tokens are written {@code <0xNN>}, and a
 * higher score means the piece is merged earlier.
 *
 * @param specialIds control and user-defined tokens, matched whole in text (besides UNK, BOS and EOS)
 * @param addBos whether encoding prepends BOS
 * @param addSpacePrefix whether a text is encoded as if it began with a space (SentencePiece's dummy prefix; Gemma's
 * vocabularies turn it off)
 */
public record Vocabulary(List<String> pieces, float[] scores, int unkId, int bosId, int eosId,
		List<Integer> specialIds, boolean addBos, boolean addSpacePrefix) {

	public static final String SPACE = "\u2581";

	/** A vocabulary whose only special tokens are UNK, BOS and EOS, with BOS prepended. */
	public Vocabulary(List<String> pieces, float[] scores, int unkId, int bosId, int eosId) {
		this(pieces, scores, unkId, bosId, eosId, List.of(), true, true);
	}

	public Vocabulary {
		pieces = List.copyOf(pieces);
		specialIds = List.copyOf(specialIds);
		if (scores.length != pieces.size()) {
			throw new IllegalArgumentException(
					"scores (" + scores.length + ") and pieces (" + pieces.size() + ") differ in length");
		}
	}

	public int size() {
		return this.pieces.size();
	}

}
