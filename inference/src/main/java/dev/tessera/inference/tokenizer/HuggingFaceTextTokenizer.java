package dev.tessera.inference.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of the Rust tokenizers library (native code inside the
 * jar). DJL is forced offline: it never fetches anything, and a tokenizer name that is not a local file fails.
 * <p>
 * Truncation and padding are off; callers decide lengths.
 */
public final class HuggingFaceTextTokenizer implements TextTokenizer {

	static {
		// DJL otherwise tries to reach the network for metadata; Tessera never downloads at run time
		System.setProperty("ai.djl.offline", "true");
		if (System.getProperty("OPT_OUT_TRACKING") == null) {
			System.setProperty("OPT_OUT_TRACKING", "true");
		}
	}

	/**
	 * Where DJL unpacks its native library (default {@code ~/.djl.ai}); an application keeps it in its own data folder.
	 * Takes effect only before the first tokenizer loads and when neither the property nor the environment variable
	 * {@code DJL_CACHE_DIR} is set.
	 */
	public static void useCacheDirectory(java.nio.file.Path directory) {
		if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
			System.setProperty("DJL_CACHE_DIR", directory.toAbsolutePath().toString());
		}
	}

	private static final Map<String, String> OPTIONS = Map.of("addSpecialTokens", "false", "truncation", "false",
			"padding", "false", "modelMaxLength", "1000000");

	private final HuggingFaceTokenizer tokenizer;

	private HuggingFaceTextTokenizer(HuggingFaceTokenizer tokenizer) {
		this.tokenizer = tokenizer;
	}

	public static HuggingFaceTextTokenizer fromFile(Path tokenizerJson) {
		try {
			return new HuggingFaceTextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson + ": " + ex.getMessage(), ex);
		}
	}

	public static HuggingFaceTextTokenizer fromStream(InputStream tokenizerJson) {
		try {
			return new HuggingFaceTextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot load tokenizer: " + ex.getMessage(), ex);
		}
	}

	@Override
	public long[] encode(String text, boolean addSpecialTokens) {
		return this.tokenizer.encode(text, addSpecialTokens, false).getIds();
	}

	/** The full encoding (ids, type ids) of a text with the model's special tokens, e.g. [CLS] ... [SEP]. */
	public Encoding encodeWithSpecialTokens(String text) {
		return this.tokenizer.encode(text, true, false);
	}

	/** The encoding of a text pair, e.g. [CLS] query [SEP] passage [SEP] for a cross-encoder. */
	public Encoding encodePair(String text, String pair) {
		return this.tokenizer.encode(text, pair, true, false);
	}

	@Override
	public String decode(long[] ids, boolean skipSpecialTokens) {
		return this.tokenizer.decode(ids, skipSpecialTokens);
	}

	@Override
	public void close() {
		this.tokenizer.close();
	}

}
