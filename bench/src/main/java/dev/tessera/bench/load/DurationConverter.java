package dev.tessera.bench.load;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations such as {@code 30s}, {@code 2m}, {@code 500ms} or ISO-8601 {@code PT30S}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

	@Override
	public Duration convert(String value) {
		String v = value.strip().toLowerCase(Locale.ROOT);
		try {
			if (v.startsWith("pt")) {
				return Duration.parse(v.toUpperCase(Locale.ROOT));
			}
			if (v.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
			}
			if (v.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			if (v.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(v));
		}
		catch (RuntimeException ex) {
			throw new TypeConversionException("'" + value + "' is not a duration (use e.g. 30s, 2m, 500ms)");
		}
	}

}
