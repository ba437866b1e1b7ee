package dev.tessera.autoconfigure.web;

/**
 * Who is calling an API, as the application's security established it: the tenant whose data the request may see,
 * and the name the audit trail records. The server reads it from the authenticated API key or operator; a plug-in's
 * controllers ask this instead of knowing how callers sign in. Read it on the request's thread.
 */
public interface ApiCaller {

	/** The caller's tenant. */
	String tenant();

	/** Who is acting, for the audit trail; {@code anonymous} when nobody signed in. */
	String actor();

	/** The caller of an application without security: everyone acts anonymously on one tenant. */
	static ApiCaller anonymous(String tenant) {
		return new ApiCaller() {

			@Override
			public String tenant() {
				return tenant;
			}

			@Override
			public String actor() {
				return dev.tessera.core.audit.AdminActions.ANONYMOUS;
			}

		};
	}

}
