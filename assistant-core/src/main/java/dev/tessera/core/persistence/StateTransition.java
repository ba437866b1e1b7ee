package dev.tessera.core.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One guarded change of a row of a JDBC state machine (hand-offs, contract reviews, webhook deliveries): {@code UPDATE
 * table SET state = to, … WHERE key = … AND state IN (from…) AND …}. The guard in the statement makes the change
 * atomic: of two people claiming the same hand-off, one moves it and the other is told why not. What to tell them
 * stays with each state machine; whether the row moved is {@link #apply}'s answer.
 * <p>
 * Table and column names are the caller's constants, never user input; every value is a bound parameter.
 */
public final class StateTransition {

	private final String table;

	private final String stateColumn;

	private final List<String> from = new ArrayList<>();

	private String to;

	private final Map<String, Object> sets = new LinkedHashMap<>();

	private final Map<String, Object> conditions = new LinkedHashMap<>();

	private StateTransition(String table, String stateColumn) {
		this.table = Objects.requireNonNull(table, "table cannot be null");
		this.stateColumn = Objects.requireNonNull(stateColumn, "stateColumn cannot be null");
	}

	/** A transition of a row of {@code table} whose state is kept in {@code stateColumn}. */
	public static StateTransition of(String table, String stateColumn) {
		return new StateTransition(table, stateColumn);
	}

	/** The states the row may be in for the change to happen (at least one). */
	public StateTransition from(Enum<?>... states) {
		for (Enum<?> state : states) {
			this.from.add(state.name());
		}
		return this;
	}

	/** The state the row moves to; without it the row keeps its state and only the other columns change. */
	public StateTransition to(Enum<?> state) {
		this.to = state.name();
		return this;
	}

	/** Another column the change sets. */
	public StateTransition set(String column, Object value) {
		this.sets.put(column, value);
		return this;
	}

	/** A condition the row must meet: its key ({@code id}, {@code tenant_id}) or a guard ({@code assignee}). */
	public StateTransition where(String column, Object value) {
		// "= NULL" matches nothing: a missing key is the caller's mistake, not "not in a state to move"
		this.conditions.put(column, Objects.requireNonNull(value, () -> "a transition's condition on " + column
				+ " cannot be null"));
		return this;
	}

	/** Runs the change; true when the row moved, false when it was not in a state to. */
	public boolean apply(JdbcClient jdbc) {
		if (this.from.isEmpty()) {
			throw new IllegalStateException("a transition names the states it starts from");
		}
		List<Object> params = new ArrayList<>();
		List<String> assignments = new ArrayList<>();
		if (this.to != null) {
			assignments.add(this.stateColumn + " = ?");
			params.add(this.to);
		}
		this.sets.forEach((column, value) -> {
			assignments.add(column + " = ?");
			params.add(value);
		});
		if (assignments.isEmpty()) {
			throw new IllegalStateException("a transition changes the state or at least one column");
		}
		List<String> where = new ArrayList<>();
		this.conditions.forEach((column, value) -> {
			where.add(column + " = ?");
			params.add(value);
		});
		where.add(this.stateColumn + " IN (" + this.from.stream().map(state -> "?").collect(Collectors.joining(", "))
				+ ")");
		params.addAll(this.from);
		String sql = "UPDATE " + this.table + " SET " + String.join(", ", assignments) + " WHERE "
				+ String.join(" AND ", where);
		return jdbc.sql(sql).params(params).update() == 1;
	}

}
