package dev.tessera.inference.registry;

import java.nio.file.Path;

/**
 * A model directory that cannot be used, naming the file at fault.
 */
public class InvalidModelException extends RuntimeException {

	public InvalidModelException(Path directory, String file, String problem) {
		super("model " + directory + ": " + file + " " + problem);
	}

}
