package dev.tessera.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Operator accounts, chat API keys and sign-in protection, under {@code tessera.security.*}.
 */
@ConfigurationProperties(TesseraSecurityProperties.CONFIG_PREFIX)
public class TesseraSecurityProperties {

	public static final String CONFIG_PREFIX = "tessera.security";

	/**
	 * Whether chat clients without an API key may talk to the default tenant's assistants. Convenient for a demo on
	 * one machine; switch it off wherever the server is reachable by others.
	 */
	private boolean anonymousChat = false;

	/**
	 * Origins (scheme://host[:port]) of web pages that may call the chat API from a browser, such as a shop's site
	 * embedding the chat widget. Empty: only pages served by Tessera itself.
	 */
	private java.util.List<String> allowedOrigins = new java.util.ArrayList<>();

	private final InitialAdmin initialAdmin = new InitialAdmin();

	private final LoginThrottle loginThrottle = new LoginThrottle();

	public boolean isAnonymousChat() {
		return this.anonymousChat;
	}

	public void setAnonymousChat(boolean anonymousChat) {
		this.anonymousChat = anonymousChat;
	}

	public java.util.List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(java.util.List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public InitialAdmin getInitialAdmin() {
		return this.initialAdmin;
	}

	public LoginThrottle getLoginThrottle() {
		return this.loginThrottle;
	}

	/**
	 * The administrator created at first start, when there is no operator account yet. Later starts never change
	 * accounts.
	 */
	public static class InitialAdmin {

		/**
		 * User name of the first administrator.
		 */
		private String username = "admin";

		/**
		 * Password of the first administrator (at least 12 characters). When empty, one is generated and written
		 * once to the log.
		 */
		private String password;

		/**
		 * Tenant of the first administrator; the default tenant when empty.
		 */
		private String tenant;

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getTenant() {
			return this.tenant;
		}

		public void setTenant(String tenant) {
			this.tenant = tenant;
		}

	}

	/**
	 * Slows password guessing: after this many failed sign-ins for one user name, or from one address, within the
	 * window, further attempts are refused until the window has passed.
	 */
	public static class LoginThrottle {

		/**
		 * Failed sign-ins allowed per user name and per client address within the window.
		 */
		private int maxFailures = 5;

		/**
		 * How long failed sign-ins are remembered.
		 */
		private Duration window = Duration.ofMinutes(5);

		public int getMaxFailures() {
			return this.maxFailures;
		}

		public void setMaxFailures(int maxFailures) {
			this.maxFailures = maxFailures;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
