package dev.tessera.guardrails.scope;

import java.util.List;

/**
 * What an assistant is for, as example texts: the {@link ScopeRail} compares a message with them.
 */
@FunctionalInterface
public interface ScopeReferences {

	/** The assistant's references; empty lists when it has none (the rail then passes every message). */
	Reference of(String assistantId);

	/**
	 * @param inScope texts of what the assistant is for (its description, examples of its tasks, the titles of its
	 * knowledge)
	 * @param outOfScope examples of what it is not for, when its pack has them
	 */
	record Reference(List<String> inScope, List<String> outOfScope) {

		public Reference {
			inScope = List.copyOf(inScope);
			outOfScope = List.copyOf(outOfScope);
		}

	}

}
