package dev.tessera.inference.runtime;

/**
 * A model has no free slot: the caller waited as long as allowed, or the wait queue is full.
 */
public class ModelBusyException extends RuntimeException {

	public ModelBusyException(String message) {
		super(message);
	}

}
