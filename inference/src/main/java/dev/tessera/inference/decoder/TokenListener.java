package dev.tessera.inference.decoder;

/**
 * Receives tokens as they are generated.
 */
@FunctionalInterface
public interface TokenListener {

	TokenListener NONE = (token, textDelta) -> true;

	/**
	 * @param token the new token id
	 * @param textDelta text that became final with this token (may be empty while a multi-byte character is incomplete)
	 * @return false to cancel generation
	 */
	boolean onToken(long token, String textDelta);

}
