package dev.tessera.domains.triage;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tessera.core.heads.TaskHeadService;

/**
 * Offers the triage assessment (a {@code DomainAssessor} named {@value TriageTurnAssessor#NAME}) and the
 * {@value ClinicalAdviceRail#NAME} rail to every application with this jar, so that the medical-triage pack, or any
 * pack, can name them. The starter picks up both by type; each backs off when the application defines its own.
 */
@AutoConfiguration
public class TriageAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "triageAssessor")
	TriageTurnAssessor triageAssessor(ObjectProvider<TaskHeadService> heads) {
		// looked up per turn: the head service is built after the assistants (it trains their heads), and a head
		// retrained over the API serves from the next turn
		return new TriageTurnAssessor(new TriageAssessor(),
				(assistantId, headName, text) -> Optional.ofNullable(heads.getIfAvailable())
					.flatMap(service -> TriageTurnAssessor.UrgencyHead.of(service).predict(assistantId, headName, text)));
	}

	@Bean
	@ConditionalOnMissingBean(name = "clinicalAdviceRail")
	ClinicalAdviceRail clinicalAdviceRail() {
		return new ClinicalAdviceRail();
	}

}
