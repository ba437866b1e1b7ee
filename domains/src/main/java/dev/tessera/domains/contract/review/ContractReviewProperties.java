package dev.tessera.domains.contract.review;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Contract review, under {@code tessera.contracts.*}.
 */
@ConfigurationProperties(ContractReviewProperties.CONFIG_PREFIX)
public class ContractReviewProperties {

	public static final String CONFIG_PREFIX = "tessera.contracts";

	/**
	 * The assistant whose pack's playbook.yaml and clause-type task head contract review uses.
	 */
	private String assistant = "contract-review";

	public String getAssistant() {
		return this.assistant;
	}

	public void setAssistant(String assistant) {
		this.assistant = assistant;
	}

}
