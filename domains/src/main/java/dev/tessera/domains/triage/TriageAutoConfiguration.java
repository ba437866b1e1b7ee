package dev.tessera.domains.triage;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Offers the triage assessment (a {@code DomainAssessor} named {@value TriageTurnAssessor#NAME}) and the
 * {@value ClinicalAdviceRail#NAME} rail to every application with this jar, so that the medical-triage pack, or any
 * pack, can name them. The starter picks up both by type; each backs off when the application defines its own.
 */
@AutoConfiguration
public class TriageAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "triageAssessor")
	TriageTurnAssessor triageAssessor() {
		// the acuity model the medical-triage pack ships (acuity-model.json, written by bench triage-train)
		return new TriageTurnAssessor(new TriageAssessor(AcuityModel.bundled(), null));
	}

	@Bean
	@ConditionalOnMissingBean(name = "clinicalAdviceRail")
	ClinicalAdviceRail clinicalAdviceRail() {
		return new ClinicalAdviceRail();
	}

}
