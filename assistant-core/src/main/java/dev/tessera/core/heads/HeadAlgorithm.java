package dev.tessera.core.heads;

/**
 * The classifier a head trains on its features; both are Tribuo trainers with multinomial logistic loss and AdaGrad.
 * <ul>
 * <li>{@link #LOGISTIC_REGRESSION}: linear, one weight per feature and label.</li>
 * <li>{@link #FACTORIZATION_MACHINE}: linear plus factorized pairwise feature interactions, the non-linear model the
 * library offers (Tribuo has no multi-layer perceptron).</li>
 * </ul>
 */
public enum HeadAlgorithm {

	LOGISTIC_REGRESSION("logistic-regression"), FACTORIZATION_MACHINE("factorization-machine");

	private final String id;

	HeadAlgorithm(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public static HeadAlgorithm fromId(String id) {
		for (HeadAlgorithm algorithm : values()) {
			if (algorithm.id.equals(id)) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException(
				"unknown algorithm '" + id + "'; known: logistic-regression, factorization-machine");
	}

}
