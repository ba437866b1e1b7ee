package dev.tessera.inference.tokenizer;

/**
 * Turns text into token ids and back.
 */
public interface TextTokenizer extends AutoCloseable {

	/**
	 * @param addSpecialTokens whether to add the model's special tokens (e.g. BOS) as its tokenizer defines
	 */
	long[] encode(String text, boolean addSpecialTokens);

	String decode(long[] ids, boolean skipSpecialTokens);

	@Override
	void close();

}
