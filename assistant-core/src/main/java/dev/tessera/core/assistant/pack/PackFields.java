package dev.tessera.core.assistant.pack;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.Function;

import dev.tessera.core.assistant.InvalidPackException;

/** The checks every section of a pack shares: a required value, a probability, one of an enum's values. */
final class PackFields {

	private PackFields() {
	}

	static String required(String file, String field, String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidPackException(file, field, "is required");
		}
		return value.strip();
	}

	static OptionalDouble probability(String file, String field, Double value) {
		if (value == null) {
			return OptionalDouble.empty();
		}
		if (value < 0 || value > 1 || value.isNaN()) {
			throw new InvalidPackException(file, field, "must be within 0..1, got " + value);
		}
		return OptionalDouble.of(value);
	}

	static <E extends Enum<E>> E enumValue(String file, String field, String value, Function<String, E> parse,
			E[] allowed) {
		for (E candidate : allowed) {
			if (candidate.name().equalsIgnoreCase(value.replace('-', '_'))) {
				return parse.apply(candidate.name());
			}
		}
		throw new InvalidPackException(file, field,
				"'" + value + "' is not one of " + Arrays.stream(allowed).map(Enum::name).toList());
	}

}
