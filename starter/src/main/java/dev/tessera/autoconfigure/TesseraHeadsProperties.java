package dev.tessera.autoconfigure;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Task heads, under {@code tessera.heads.*}.
 */
@ConfigurationProperties(TesseraHeadsProperties.CONFIG_PREFIX)
public class TesseraHeadsProperties {

	public static final String CONFIG_PREFIX = "tessera.heads";

	/**
	 * Train and serve task heads from the packs' examples on the bundled encoder.
	 */
	private boolean enabled = true;

	/**
	 * Folder of the versioned head artifacts; defaults to {@code <tessera.data-dir>/heads}.
	 */
	private Path directory;

	/**
	 * At start-up, load each pack's heads, training a new version when the pack's examples changed.
	 */
	private boolean trainOnStartup = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(Path directory) {
		this.directory = directory;
	}

	public boolean isTrainOnStartup() {
		return this.trainOnStartup;
	}

	public void setTrainOnStartup(boolean trainOnStartup) {
		this.trainOnStartup = trainOnStartup;
	}

	private final Learning learning = new Learning();

	public Learning getLearning() {
		return this.learning;
	}

	/**
	 * Learning from escalations, under {@code tessera.heads.learning.*}: escalated and handed-off turns become candidate
	 * examples for review; accepted ones train new head versions through a promotion gate.
	 */
	public static class Learning {

		/**
		 * Keep escalated and handed-off turns (and the spot checks) as candidate examples for review.
		 */
		private boolean enabled = true;

		/**
		 * Share of the turns the assistant answered itself kept for review as spot checks (never trained on): with the
		 * held-back escalations they are what each version's operating point is fitted on.
		 */
		private double spotCheckShare = 0.02;

		/**
		 * Local accuracy a head's operating point is fitted for, in the promotion gate's escalation figure.
		 */
		private double targetAccuracy = 0.97;

		/**
		 * Per {@code assistant/head}, a label whose recall the promotion gate never lets fall: a domain's safety figure.
		 */
		private java.util.Map<String, String> protectedLabels = new java.util.LinkedHashMap<>(
				java.util.Map.of("medical-triage/urgency", "emergency"));

		/**
		 * How much worse a new head version may be on accuracy and recalls (ECE and the escalation rate 2.5 times
		 * this) and still be promoted: it is promoted only when the reviewed examples show it within this margin.
		 */
		private double gateMargin = 0.02;

		public double getGateMargin() {
			return this.gateMargin;
		}

		public void setGateMargin(double gateMargin) {
			this.gateMargin = gateMargin;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getSpotCheckShare() {
			return this.spotCheckShare;
		}

		public void setSpotCheckShare(double spotCheckShare) {
			this.spotCheckShare = spotCheckShare;
		}

		public double getTargetAccuracy() {
			return this.targetAccuracy;
		}

		public void setTargetAccuracy(double targetAccuracy) {
			this.targetAccuracy = targetAccuracy;
		}

		public java.util.Map<String, String> getProtectedLabels() {
			return this.protectedLabels;
		}

		public void setProtectedLabels(java.util.Map<String, String> protectedLabels) {
			this.protectedLabels = protectedLabels;
		}

	}

}
