package dev.tessera.core.heads;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * The task heads of every assistant, kept in {@code <root>/<assistant>/<head>/v<N>/}. A head serves requests while a
 * new version trains; the new version replaces it in one step once it is trained and saved, without a restart.
 */
public final class TaskHeadService {

	private static final Log logger = LogFactory.getLog(TaskHeadService.class);

	private final Path root;

	private final TextEmbedder embedder;

	private final HeadTrainingOptions options;

	private final Map<String, Map<String, TaskHead>> heads = new ConcurrentHashMap<>();

	/** One training at a time per assistant: two uploads racing would otherwise claim the same version. */
	private final Map<String, Object> trainingLocks = new ConcurrentHashMap<>();

	public TaskHeadService(Path root, TextEmbedder embedder, HeadTrainingOptions options) {
		this.root = root;
		this.embedder = embedder;
		this.options = options;
	}

	/**
	 * Serves the newest saved version when it was trained on exactly these examples with this encoder and keeps them
	 * for its neighbour threshold; otherwise trains on them and saves a new version (a head saved before heads kept
	 * their examples is retrained once). Used at start-up with a pack's examples.
	 */
	public TaskHead loadOrTrain(String assistantId, String head, TrainingSet examples) {
		HeadSpec.checkName(head);
		synchronized (lock(assistantId)) {
			TaskHeadStore store = store(assistantId);
			Optional<TaskHead> latest = Optional.empty();
			try {
				latest = store.latest(head);
			}
			catch (RuntimeException unusable) {
				// a damaged or foreign version: train a new one rather than refuse to start
				logger.warn("Not using the saved head '" + head + "' of '" + assistantId + "': "
						+ unusable.getMessage());
			}
			if (latest.isPresent() && latest.get().spec().trainingSha256().equals(examples.sha256())
					&& latest.get().spec().hasNeighbourThreshold()
					&& (latest.get().spec().neighbourThreshold() == -1 || latest.get().neighbours().isPresent())) {
				put(assistantId, latest.get());
				return latest.get();
			}
			return train(assistantId, head, examples).head();
		}
	}

	/** Trains a new version on the examples, saves it with its evaluation and serves it from now on. */
	public TrainedHead retrain(String assistantId, String head, TrainingSet examples) {
		HeadSpec.checkName(head);
		synchronized (lock(assistantId)) {
			return train(assistantId, head, examples);
		}
	}

	private TrainedHead train(String assistantId, String head, TrainingSet examples) {
		long started = System.nanoTime();
		TrainedHead trained = new TaskHeadTrainer(this.embedder).train(head, examples, this.options);
		TaskHead saved = store(assistantId).save(trained);
		put(assistantId, saved);
		logger.info(String.format(java.util.Locale.ROOT,
				"Trained task head '%s' v%d of '%s' on %d examples in %.1f s: held-out accuracy %.3f, ECE %.3f",
				head, saved.spec().version(), assistantId, examples.examples().size(),
				(System.nanoTime() - started) / 1e9, trained.heldOut().accuracy(),
				trained.heldOut().expectedCalibrationError()));
		return new TrainedHead(saved, trained.heldOut(), trained.heldOutEceBeforeScaling(), trained.trainedOn(),
				trained.folds());
	}

	private void put(String assistantId, TaskHead head) {
		this.heads.computeIfAbsent(assistantId, id -> new ConcurrentHashMap<>()).put(head.spec().name(), head);
	}

	public Optional<TaskHead> head(String assistantId, String head) {
		return Optional.ofNullable(this.heads.getOrDefault(assistantId, Map.of()).get(head));
	}

	public TaskHead require(String assistantId, String head) {
		return head(assistantId, head).orElseThrow(() -> new UnknownHeadException(assistantId, head));
	}

	/** The assistant's heads by name, sorted. */
	public Map<String, TaskHead> heads(String assistantId) {
		return new TreeMap<>(this.heads.getOrDefault(assistantId, Map.of()));
	}

	/** The evaluation report saved with the head's serving version, as JSON. */
	public String evaluation(String assistantId, String head) {
		TaskHead served = require(assistantId, head);
		return store(assistantId).evaluation(head, served.spec().version());
	}

	private TaskHeadStore store(String assistantId) {
		return new TaskHeadStore(this.root.resolve(assistantId), this.embedder);
	}

	private Object lock(String assistantId) {
		return this.trainingLocks.computeIfAbsent(assistantId, id -> new Object());
	}

}
