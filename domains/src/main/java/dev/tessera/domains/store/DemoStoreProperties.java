package dev.tessera.domains.store;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo store behind the e-commerce pack's tools, under {@code tessera.demo-store.*}.
 */
@ConfigurationProperties(DemoStoreProperties.CONFIG_PREFIX)
public class DemoStoreProperties {

	public static final String CONFIG_PREFIX = "tessera.demo-store";

	/**
	 * Register the demo store's tools (order-status, start-return). Packs that call them fail to load without them.
	 */
	private boolean enabled = true;

	/**
	 * Tenants whose demo data is reset at start-up, when a loaded assistant calls the demo store's tools; empty means
	 * the default tenant.
	 */
	private List<String> tenants = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTenants() {
		return this.tenants;
	}

	public void setTenants(List<String> tenants) {
		this.tenants = tenants;
	}

}
