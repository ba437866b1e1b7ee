package dev.tessera.domains.contract;

import java.util.Collection;

/** How much a deviation from the playbook matters; {@link #NONE} only as a whole contract's level. */
public enum RiskLevel {

	NONE, LOW, MEDIUM, HIGH;

	/** The highest of the levels, {@link #NONE} when there are none. */
	public static RiskLevel highest(Collection<RiskLevel> levels) {
		return levels.stream().max(Enum::compareTo).orElse(NONE);
	}

}
