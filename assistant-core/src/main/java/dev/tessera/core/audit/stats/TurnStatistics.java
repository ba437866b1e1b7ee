package dev.tessera.core.audit.stats;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Turn statistics over a window.
 *
 * @param days one entry per day of the window, oldest first, zeros included
 * @param routes turns per route over the whole window
 * @param railHits turns in which each rail detected something, most frequent first
 * @param latency percentiles of turn latency in milliseconds
 */
public record TurnStatistics(long turns, List<Day> days, Map<String, Long> routes, Map<String, Long> railHits,
		Latency latency) {

	public TurnStatistics {
		days = List.copyOf(days);
		routes = Map.copyOf(routes);
	}

	/** One day: turns, and how many of them were escalated to the large model or handed to a person. */
	public record Day(LocalDate date, long turns, long escalated, long handedOff) {
	}

	/** @param samples how many turns the percentiles were computed from */
	public record Latency(long samples, long p50, long p95, long p99, long max) {
	}

}
