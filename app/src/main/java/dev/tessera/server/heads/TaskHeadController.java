package dev.tessera.server.heads;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadSpec;
import dev.tessera.core.heads.InvalidTrainingDataException;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.heads.TrainedHead;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.core.heads.UnknownHeadException;
import dev.tessera.core.audit.AdminActions;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.Problems;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task heads API: list an assistant's heads, read one with its evaluation, predict, and retrain from a CSV upload
 * (the new version serves at once, no restart). A retraining is recorded in the audit trail ({@code head.retrain}
 * on {@code assistant/<id>/heads/<head>}, with the version and training data served before and after).
 */
@RestController
@RequestMapping("/api/v1/assistants/{assistantId}/heads")
class TaskHeadController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Labels returned with a prediction, most probable first. */
	static final int RANKING = 5;

	private final AssistantCatalog assistants;

	private final ObjectProvider<TaskHeadService> heads;

	private final AdminAuditLog audit;

	private final CallerTenant caller;

	TaskHeadController(AssistantCatalog assistants, ObjectProvider<TaskHeadService> heads, AdminAuditLog audit,
			CallerTenant caller) {
		this.assistants = assistants;
		this.heads = heads;
		this.audit = audit;
		this.caller = caller;
	}

	@GetMapping
	List<HeadView> list(@PathVariable String assistantId) {
		assistant(assistantId);
		return service().heads(assistantId).values().stream().map(head -> HeadView.of(head, null)).toList();
	}

	@GetMapping("/{head}")
	HeadView get(@PathVariable String assistantId, @PathVariable String head) {
		assistant(assistantId);
		TaskHead served = service().require(assistantId, head);
		return HeadView.of(served, JSON.readTree(service().evaluation(assistantId, head)));
	}

	@PostMapping("/{head}/predictions")
	PredictionView predict(@PathVariable String assistantId, @PathVariable String head,
			@RequestBody PredictionRequest request) {
		assistant(assistantId);
		if (request.text() == null || request.text().isBlank()) {
			throw new BadRequestException("text is empty: send {\"text\": \"...\"}");
		}
		TaskHead served = service().require(assistantId, head);
		HeadPrediction p = served.predict(request.text());
		return new PredictionView(served.spec().name(), served.spec().version(), p.decision().orElse(null),
				p.label(), p.confidence(), p.outOfScope(), p.ranking().subList(0, Math.min(RANKING, p.ranking().size())));
	}

	/**
	 * Trains a new version from a CSV body ({@code text/csv}, header row) and serves it from now on. The columns
	 * default to the pack format's {@code text} and {@code label}.
	 */
	@PutMapping(path = "/{head}", consumes = { "text/csv", "text/plain" })
	HeadView retrain(@PathVariable String assistantId, @PathVariable String head,
			@RequestParam(name = "text-column", defaultValue = PackExamples.TEXT_COLUMN) String textColumn,
			@RequestParam(name = "label-column", defaultValue = PackExamples.LABEL_COLUMN) String labelColumn,
			@RequestBody(required = false) String csv, Principal principal) {
		assistant(assistantId);
		try {
			HeadSpec.checkName(head);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(ex.getMessage());
		}
		if (csv == null || csv.isBlank()) {
			throw new InvalidTrainingDataException("the request body is empty: send the examples as CSV with a header row");
		}
		TrainingSet examples = TrainingSet.fromCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
				"the uploaded CSV", textColumn, labelColumn);
		String before = service().head(assistantId, head).map(TaskHeadController::version).orElse(null);
		// training takes a while and touches no database: it is recorded once it has succeeded
		TrainedHead trained = service().retrain(assistantId, head, examples);
		this.audit.record(AdminActions.of(tenant(), principal, "head.retrain",
				"assistant/" + assistantId + "/heads/" + head, before, version(trained.head())));
		return HeadView.of(trained.head(), JSON.readTree(service().evaluation(assistantId, head)));
	}

	/** A head's version and what it was trained on, as a retraining's before or after. */
	private static String version(TaskHead head) {
		HeadSpec s = head.spec();
		return AdminActions.state("version", s.version(), "trainingSha256", s.trainingSha256(), "trainingExamples",
				s.trainingExamples(), "labels", s.labels());
	}

	@ExceptionHandler(InvalidTrainingDataException.class)
	ResponseEntity<ProblemDetail> invalidTrainingData(InvalidTrainingDataException ex) {
		return problem(Problems.of(HttpStatus.BAD_REQUEST, "invalid-training-data", "Invalid training data",
				ex.getMessage()));
	}

	@ExceptionHandler(UnknownHeadException.class)
	ResponseEntity<ProblemDetail> unknownHead(UnknownHeadException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "unknown-head", "Unknown task head", ex.getMessage()));
	}

	@ExceptionHandler(HeadsDisabledException.class)
	ResponseEntity<ProblemDetail> disabled(HeadsDisabledException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "heads-disabled", "Task heads are disabled", ex.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/** The assistant, or 404 naming the ones that exist, or 409 when an operator has disabled it. */
	private AssistantDefinition assistant(String id) {
		return this.assistants.require(id);
	}

	private TaskHeadService service() {
		TaskHeadService service = this.heads.getIfAvailable();
		if (service == null) {
			throw new HeadsDisabledException();
		}
		return service;
	}

	static final class HeadsDisabledException extends RuntimeException {

		HeadsDisabledException() {
			super("task heads are disabled (tessera.heads.enabled=false, or no sentence encoder is configured)");
		}

	}

	record PredictionRequest(String text) {
	}

	record PredictionView(String head, int version, String decision, String label, double confidence,
			boolean outOfScope, List<HeadPrediction.LabelProbability> ranking) {
	}

	record HeadView(String name, int version, List<String> labels, String encoder, String features, String algorithm,
			double temperature, double outOfScopeThreshold, String trainingSha256, int trainingExamples,
			Instant trainedAt, JsonNode evaluation) {

		static HeadView of(TaskHead head, JsonNode evaluation) {
			HeadSpec s = head.spec();
			return new HeadView(s.name(), s.version(), s.labels(), s.encoder(), s.features().id(), s.algorithm().id(),
					s.temperature(), s.outOfScopeThreshold(), s.trainingSha256(), s.trainingExamples(), s.trainedAt(),
					evaluation);
		}

	}

	/** The caller's tenant: everything here is scoped to it. */
	private String tenant() {
		return this.caller.tenant();
	}

}
