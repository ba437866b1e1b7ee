package dev.tessera.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tessera's configuration, under {@code tessera.*}.
 */
@ConfigurationProperties(TesseraProperties.CONFIG_PREFIX)
public class TesseraProperties {

	public static final String CONFIG_PREFIX = "tessera";

	/**
	 * Folder for Tessera's local data: the embedded database and indexes.
	 */
	private Path dataDir = Path.of("data");

	/**
	 * Tenant used for requests that do not name one.
	 */
	private String defaultTenant = "default";

	private final Packs packs = new Packs();

	private final Chat chat = new Chat();

	private final Api api = new Api();

	private final Persistence persistence = new Persistence();

	public Path getDataDir() {
		return this.dataDir;
	}

	public void setDataDir(Path dataDir) {
		this.dataDir = dataDir;
	}

	public String getDefaultTenant() {
		return this.defaultTenant;
	}

	public void setDefaultTenant(String defaultTenant) {
		this.defaultTenant = defaultTenant;
	}

	public Packs getPacks() {
		return this.packs;
	}

	public Chat getChat() {
		return this.chat;
	}

	public Api getApi() {
		return this.api;
	}

	public Persistence getPersistence() {
		return this.persistence;
	}

	public static class Packs {

		/**
		 * Resource patterns of the packs' assistant.yaml files, e.g.
		 * "file:/srv/tessera/packs/*&#47;assistant.yaml". Packs on the classpath under tessera/packs are always
		 * included unless include-classpath is false.
		 */
		private List<String> locations = new ArrayList<>();

		/**
		 * Whether to load the packs found on the classpath under tessera/packs.
		 */
		private boolean includeClasspath = true;

		public List<String> getLocations() {
			return this.locations;
		}

		public void setLocations(List<String> locations) {
			this.locations = locations;
		}

		public boolean isIncludeClasspath() {
			return this.includeClasspath;
		}

		public void setIncludeClasspath(boolean includeClasspath) {
			this.includeClasspath = includeClasspath;
		}

	}

	public static class Chat {

		/**
		 * Longest user message accepted, in characters (Unicode code points).
		 */
		private int maxMessageChars = 4000;

		/**
		 * Most recent messages of a conversation a turn reads (follow-up questions, the dialogue's remembered values,
		 * a domain assessor's gathered answers): a turn's cost stays the same however long the conversation grows.
		 */
		private int historyMessages = 50;

		public int getHistoryMessages() {
			return this.historyMessages;
		}

		public void setHistoryMessages(int historyMessages) {
			this.historyMessages = historyMessages;
		}

		public int getMaxMessageChars() {
			return this.maxMessageChars;
		}

		public void setMaxMessageChars(int maxMessageChars) {
			this.maxMessageChars = maxMessageChars;
		}

	}

	public static class Api {

		/**
		 * Largest request body accepted by the HTTP API, in bytes; larger bodies get 413.
		 */
		private long maxRequestBytes = 65_536;

		/**
		 * Largest document upload request (all its files together), in bytes; larger uploads get 413.
		 */
		private long maxUploadBytes = 64L * 1024 * 1024;

		/**
		 * Admission of chat turns (the chat API's messages and {@code /v1/chat/completions}): how many run at once,
		 * how many wait, per tenant and per API key.
		 */
		private final Turns turns = new Turns();

		public Turns getTurns() {
			return this.turns;
		}

		public long getMaxRequestBytes() {
			return this.maxRequestBytes;
		}

		public long getMaxUploadBytes() {
			return this.maxUploadBytes;
		}

		public void setMaxUploadBytes(long maxUploadBytes) {
			this.maxUploadBytes = maxUploadBytes;
		}

		public void setMaxRequestBytes(long maxRequestBytes) {
			this.maxRequestBytes = maxRequestBytes;
		}

	}

	/**
	 * Bounds on chat turns, so that more traffic than the server can take is refused at once with 429 or 503 and
	 * {@code Retry-After} rather than queued without end. The defaults let one tenant's 32 concurrent clients through.
	 */
	public static class Turns {

		/**
		 * Turns processed at once by this instance; more wait for a place.
		 */
		private int maxConcurrent = 32;

		/**
		 * Turns allowed to wait for a place; more are refused at once (503 with Retry-After).
		 */
		private int maxWaiting = 32;

		/**
		 * Longest wait for a place before a turn is refused (503 with Retry-After).
		 */
		private java.time.Duration maxWait = java.time.Duration.ofMillis(500);

		/**
		 * Turns one tenant may have in progress at once on this instance; more get 429 with Retry-After.
		 */
		private int perTenantMaxConcurrent = 32;

		/**
		 * Turns one API key may start per second, with bursts of as many; more get 429 with Retry-After. 0 = no limit.
		 */
		private int perKeyPerSecond = 300;

		/**
		 * Turns one client address may start per second without an API key (anonymous chat), with bursts of as many;
		 * more get 429 with Retry-After. The address is the client's as forwarded by a trusted proxy
		 * ({@code server.tomcat.remoteip.internal-proxies}). 0 = no limit.
		 */
		private int perAddressPerSecond = 300;

		/**
		 * The Retry-After value, in seconds, of a turn refused for lack of a place.
		 */
		private int retryAfterSeconds = 1;

		public int getMaxConcurrent() {
			return this.maxConcurrent;
		}

		public void setMaxConcurrent(int maxConcurrent) {
			this.maxConcurrent = maxConcurrent;
		}

		public int getMaxWaiting() {
			return this.maxWaiting;
		}

		public void setMaxWaiting(int maxWaiting) {
			this.maxWaiting = maxWaiting;
		}

		public java.time.Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(java.time.Duration maxWait) {
			this.maxWait = maxWait;
		}

		public int getPerTenantMaxConcurrent() {
			return this.perTenantMaxConcurrent;
		}

		public void setPerTenantMaxConcurrent(int perTenantMaxConcurrent) {
			this.perTenantMaxConcurrent = perTenantMaxConcurrent;
		}

		public int getPerKeyPerSecond() {
			return this.perKeyPerSecond;
		}

		public void setPerKeyPerSecond(int perKeyPerSecond) {
			this.perKeyPerSecond = perKeyPerSecond;
		}

		public int getPerAddressPerSecond() {
			return this.perAddressPerSecond;
		}

		public void setPerAddressPerSecond(int perAddressPerSecond) {
			this.perAddressPerSecond = perAddressPerSecond;
		}

		public int getRetryAfterSeconds() {
			return this.retryAfterSeconds;
		}

		public void setRetryAfterSeconds(int retryAfterSeconds) {
			this.retryAfterSeconds = retryAfterSeconds;
		}

	}

	public static class Persistence {

		/**
		 * Whether to apply Tessera's database migrations at start-up.
		 */
		private boolean migrate = true;

		/**
		 * How often a server takes in what other servers on the same database changed: assistant versions, enabled
		 * states and task-head versions. 0 = never (one server alone).
		 */
		private java.time.Duration refreshInterval = java.time.Duration.ofSeconds(2);

		public java.time.Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(java.time.Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public boolean isMigrate() {
			return this.migrate;
		}

		public void setMigrate(boolean migrate) {
			this.migrate = migrate;
		}

	}

}
