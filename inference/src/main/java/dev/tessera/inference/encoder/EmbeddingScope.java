package dev.tessera.inference.encoder;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A unit of work (a chat turn) within which the same text is embedded once: several stages of a turn embed the same
 * message (a rail, a task head, the retrieval query), and each pass of the encoder costs milliseconds. The memo lives
 * on the calling thread for the duration of {@link #run} only, so nothing is kept between turns or shared between
 * users.
 */
public final class EmbeddingScope {

	private static final ThreadLocal<Map<String, float[]>> CURRENT = new ThreadLocal<>();

	private EmbeddingScope() {
	}

	/** Runs the work in a scope; nested calls share the outer scope. */
	public static <T> T run(Supplier<T> work) {
		if (CURRENT.get() != null) {
			return work.get();
		}
		CURRENT.set(new HashMap<>());
		try {
			return work.get();
		}
		finally {
			CURRENT.remove();
		}
	}

	/** The memo of the current scope, or {@code null} outside one. */
	static Map<String, float[]> current() {
		return CURRENT.get();
	}

}
