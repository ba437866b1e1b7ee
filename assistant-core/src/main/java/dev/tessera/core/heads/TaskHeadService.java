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

	private final HeadVersions published;

	/** Published versions this server could not serve (damaged, another encoder): warned about once, not retried. */
	private final java.util.Set<HeadVersions.Serving> refused = ConcurrentHashMap.newKeySet();

	/** One training at a time per assistant: two uploads racing would otherwise claim the same version. */
	private final Map<String, Object> trainingLocks = new ConcurrentHashMap<>();

	/** Heads for this server alone (a tool, a test): nothing is published. */
	public TaskHeadService(Path root, TextEmbedder embedder, HeadTrainingOptions options) {
		this(root, embedder, options, null);
	}

	/**
	 * @param published where versions are published to the other servers on the database and read back from, or
	 * {@code null} for none
	 */
	public TaskHeadService(Path root, TextEmbedder embedder, HeadTrainingOptions options,
			@org.jspecify.annotations.Nullable HeadVersions published) {
		this.root = root;
		this.embedder = embedder;
		this.options = options;
		this.published = published;
	}

	/**
	 * Serves the newest saved version when it was trained on exactly these examples with this encoder and keeps them
	 * for its neighbour threshold; otherwise trains on them and saves a new version (a head saved before heads kept
	 * their examples is retrained once). Used at start-up with a pack's examples.
	 */
	public TaskHead loadOrTrain(String assistantId, String head, TrainingSet examples) {
		return loadOrTrain(assistantId, head, examples, through -> examples);
	}

	/**
	 * As {@link #loadOrTrain(String, String, TrainingSet)}, for a head that also learns from reviewed escalations: the
	 * saved version serves when it was trained on the pack's examples plus the reviewed examples it records
	 * ({@link TaskHead#learnedThrough()}); when the pack's examples changed, the new version is trained on the new
	 * pack examples plus the same reviewed ones, so a pack update does not undo what was learned.
	 * @param learned what a version trained with the reviewed examples up to a number was trained on (the pack's
	 * examples when the number is 0)
	 */
	public TaskHead loadOrTrain(String assistantId, String head, TrainingSet packExamples,
			java.util.function.LongFunction<TrainingSet> learned) {
		HeadSpec.checkName(head);
		synchronized (lock(assistantId)) {
			TaskHeadStore store = store(assistantId);
			Optional<TaskHead> latest = Optional.empty();
			try {
				latest = this.published != null ? servedByOthers(assistantId, head) : Optional.empty();
				if (latest.isEmpty()) {
					latest = store.latest(head);
				}
			}
			catch (RuntimeException unusable) {
				// a damaged or foreign version: train a new one rather than refuse to start
				logger.warn("Not using the saved head '" + head + "' of '" + assistantId + "': "
						+ unusable.getMessage());
			}
			long through = latest.map(TaskHead::learnedThrough).orElse(0L);
			TrainingSet examples = through == 0 ? packExamples : learned.apply(through);
			if (latest.isPresent() && latest.get().spec().trainingSha256().equals(examples.sha256())
					&& latest.get().spec().hasNeighbourThreshold()
					&& (latest.get().spec().neighbourThreshold() == -1 || latest.get().neighbours().isPresent())) {
				put(assistantId, latest.get());
				publishIfNew(assistantId, latest.get());
				return latest.get();
			}
			return train(assistantId, head, examples, through).head();
		}
	}

	/** Trains a new version on the examples, saves it with its evaluation and serves it from now on. */
	public TrainedHead retrain(String assistantId, String head, TrainingSet examples) {
		HeadSpec.checkName(head);
		synchronized (lock(assistantId)) {
			return train(assistantId, head, examples, 0);
		}
	}

	/** Trains a version without saving or serving it: a candidate for the promotion gate. */
	public TrainedHead trainCandidate(String head, TrainingSet examples) {
		HeadSpec.checkName(head);
		return new TaskHeadTrainer(this.embedder).train(head, examples, this.options);
	}

	/**
	 * Saves a trained candidate as the next version, published to the other servers but not served, so that it can
	 * be promoted later on any of them.
	 * @param learnedThrough the last reviewed example it was trained with
	 */
	public TaskHead saveCandidate(String assistantId, TrainedHead candidate, long learnedThrough) {
		synchronized (lock(assistantId)) {
			TrainedHead marked = candidate.withHead(candidate.head().withLearnedThrough(learnedThrough));
			return save(assistantId, marked, false);
		}
	}

	/**
	 * Serves a saved version from now on, on every server sharing the database: a promotion, or a rollback to an
	 * earlier version (which stays loadable).
	 */
	public TaskHead serve(String assistantId, String head, int version) {
		HeadSpec.checkName(head);
		synchronized (lock(assistantId)) {
			TaskHeadStore store = store(assistantId);
			TaskHead loaded;
			if (store.versions(head).contains(version)) {
				loaded = store.load(head, version);
			}
			else if (this.published != null) {
				loaded = take(new HeadVersions.Serving(assistantId, head, version));
			}
			else {
				throw new UnknownHeadException(assistantId, head + " v" + version);
			}
			if (this.published != null) {
				this.published.serve(assistantId, head, version);
			}
			put(assistantId, loaded);
			logger.info("Task head '" + head + "' of '" + assistantId + "': now serving v" + version);
			return loaded;
		}
	}

	/** The saved versions of a head, ascending. */
	public java.util.List<Integer> versions(String assistantId, String head) {
		return store(assistantId).versions(head);
	}

	private TrainedHead train(String assistantId, String head, TrainingSet examples, long learnedThrough) {
		long started = System.nanoTime();
		TrainedHead trained = new TaskHeadTrainer(this.embedder).train(head, examples, this.options);
		trained = trained.withHead(trained.head().withLearnedThrough(learnedThrough));
		TaskHead saved = save(assistantId, trained, true);
		put(assistantId, saved);
		logger.info(String.format(java.util.Locale.ROOT,
				"Trained task head '%s' v%d of '%s' on %d examples in %.1f s: held-out accuracy %.3f, ECE %.3f",
				head, saved.spec().version(), assistantId, examples.examples().size(),
				(System.nanoTime() - started) / 1e9, trained.heldOut().accuracy(),
				trained.heldOut().expectedCalibrationError()));
		return trained.withHead(saved);
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

	/** Saves the trained head locally and, where servers share a database, publishes it under the next free number. */
	private TaskHead save(String assistantId, TrainedHead trained, boolean serve) {
		TaskHeadStore store = store(assistantId);
		if (this.published == null) {
			return store.save(trained);
		}
		String name = trained.head().spec().name();
		for (int attempt = 1;; attempt++) {
			int local = store.versions(name).stream().mapToInt(Integer::intValue).max().orElse(0);
			int version = Math.max(local, this.published.latest(assistantId, name).orElse(0)) + 1;
			TaskHead saved = store.save(trained, version);
			try {
				if (serve) {
					this.published.publish(assistantId, name, version, store.files(name, version));
				}
				else {
					this.published.store(assistantId, name, version, store.files(name, version));
				}
				return saved;
			}
			catch (HeadVersions.VersionTakenException taken) {
				if (attempt == 5) {
					throw taken;
				}
				// another server published this number a moment ago: the next refresh brings its copy
			}
		}
	}

	/** The version the servers on the database serve, copied here when this store lacks it. */
	private Optional<TaskHead> servedByOthers(String assistantId, String head) {
		for (HeadVersions.Serving serving : this.published.serving()) {
			if (serving.assistantId().equals(assistantId) && serving.head().equals(head)) {
				return Optional.of(take(serving));
			}
		}
		return Optional.empty();
	}

	private TaskHead take(HeadVersions.Serving serving) {
		TaskHeadStore store = store(serving.assistantId());
		Map<String, byte[]> files = this.published.files(serving.assistantId(), serving.head(), serving.version());
		if (!java.util.Arrays.equals(files.get(TaskHeadStore.SPEC_FILE),
				store.files(serving.head(), serving.version()).get(TaskHeadStore.SPEC_FILE))) {
			store.materialize(serving.head(), serving.version(), files);
		}
		return store.load(serving.head(), serving.version());
	}

	/** A version saved before the servers published their heads (or on another database) becomes the published one. */
	private void publishIfNew(String assistantId, TaskHead head) {
		if (this.published == null) {
			return;
		}
		String name = head.spec().name();
		int version = head.spec().version();
		if (this.published.latest(assistantId, name).orElse(0) < version) {
			try {
				this.published.publish(assistantId, name, version, store(assistantId).files(name, version));
			}
			catch (HeadVersions.VersionTakenException taken) {
				// another server published it first; the next refresh settles which one serves
			}
		}
	}

	/**
	 * Takes in the versions other servers published: each head whose published serving version differs from the one
	 * this server serves is copied here (when missing), checked and swapped in. Called periodically.
	 * @return the heads that changed, as {@code assistant/head vN}
	 */
	public java.util.List<String> refresh() {
		if (this.published == null) {
			return java.util.List.of();
		}
		java.util.List<String> changed = new java.util.ArrayList<>();
		for (HeadVersions.Serving serving : this.published.serving()) {
			Optional<TaskHead> current = head(serving.assistantId(), serving.head());
			if (current.isPresent() && current.get().spec().version() == serving.version()
					|| this.refused.contains(serving)) {
				continue;
			}
			synchronized (lock(serving.assistantId())) {
				try {
					put(serving.assistantId(), take(serving));
					changed.add(serving.assistantId() + "/" + serving.head() + " v" + serving.version());
					logger.info("Task head '" + serving.head() + "' of '" + serving.assistantId() + "': now serving v"
							+ serving.version() + ", published on the database");
				}
				catch (RuntimeException unusable) {
					this.refused.add(serving);
					logger.warn("Task head '" + serving.head() + "' of '" + serving.assistantId()
							+ "': cannot serve published v" + serving.version() + ", keeping the current one: "
							+ unusable.getMessage());
				}
			}
		}
		return changed;
	}

	private TaskHeadStore store(String assistantId) {
		return new TaskHeadStore(this.root.resolve(assistantId), this.embedder);
	}

	private Object lock(String assistantId) {
		return this.trainingLocks.computeIfAbsent(assistantId, id -> new Object());
	}

}
