package dev.tessera.core.access;

/**
 * No operator account, or no API key, with this name or id in the caller's tenant.
 */
public class UnknownAccountException extends RuntimeException {

	public UnknownAccountException(String what) {
		super(what + " does not exist");
	}

}
