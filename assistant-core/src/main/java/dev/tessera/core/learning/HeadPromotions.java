package dev.tessera.core.learning;

import java.util.List;
import java.util.Optional;

/** The record of every retraining round from reviewed escalations (not tenant-scoped: heads are the assistant's). */
public interface HeadPromotions {

	HeadPromotion add(HeadPromotion promotion);

	/** The head's rounds, newest first. */
	List<HeadPromotion> list(String assistantId, String head, int limit);

	/** The newest round that promoted the version now serving, if it was promoted from reviewed escalations. */
	Optional<HeadPromotion> promoted(String assistantId, String head, int version);

	/** Marks a promoted round rolled back; false when it was not promoted. */
	boolean rollBack(String id, String actor);

}
