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

}
