package dev.tessera.core.assistant.version;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.UnknownAssistantException;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;

/**
 * Assistants whose definitions operators can edit while the server runs, every change kept as a version in the
 * database.
 * <p>
 * At start-up each pack's {@code assistant.yaml} becomes version 1 of its assistant when the assistant has none yet.
 * When the file on disk differs from the last version imported from it, it is stored as a new version (author
 * {@value AssistantVersion#PACK_AUTHOR}); it becomes active only when the active text is still the pack's previous
 * text (or when the file now holds the active text, e.g. an edit committed back into the pack). When an operator's
 * edit is active, the edit stays in force and a warning says which version holds the pack's new text, to roll back to
 * on purpose: a file deployed with the server never silently replaces an operator's edit.
 * <p>
 * An edit is read with the same rules as a pack on disk, against the pack's folder (so its knowledge and examples
 * still resolve), then stored as version N+1 and made active in one transaction with its audit record, and only then
 * swapped in: the next turn uses it, a turn already running finishes on the definition it started with. Invalid text
 * stores nothing. A rollback to version k stores a new version whose text is k's; history is never rewritten.
 * <p>
 * Reads take no lock: the entries are an immutable map replaced whole on every change (copy-on-write); changes are
 * serialized by one lock, and across servers sharing a database by the version's primary key.
 * <p>
 * Servers sharing a database see each other's changes through {@link #refresh()}, called every few seconds: an edit,
 * rollback, enabling or disabling on one server is in force on the others from their next refresh.
 * <p>
 * Limitations: Knowledge and task heads come from the
 * pack folder, not from the YAML, and are not touched by an edit (heads retrain through their own API). An assistant
 * whose pack folder is gone is no longer offered; its versions stay in the database.
 */
public final class VersionedAssistantCatalog implements AssistantCatalog {

	public static final String ACTION_UPDATE = "assistant.update";

	public static final String ACTION_ROLLBACK = "assistant.rollback";

	public static final String ACTION_ENABLE = "assistant.enable";

	public static final String ACTION_DISABLE = "assistant.disable";

	private static final Log logger = LogFactory.getLog(VersionedAssistantCatalog.class);

	private final AssistantPackReader reader;

	private final AssistantVersionStore store;

	private final TransactionTemplate transactions;

	private final AdminAuditLog audit;

	private final Clock clock;

	private final Object writes = new Object();

	private volatile Snapshot snapshot;

	/** Stored states another server made that this one could not read: warned about once, not retried. */
	private final java.util.Set<AssistantVersionStore.StoredAssistant> unreadable = java.util.concurrent.ConcurrentHashMap
		.newKeySet();

	/**
	 * Imports the packs (see the class description) and loads every assistant's active version.
	 * @param packs the packs' {@code assistant.yaml} files
	 * @param audit where operators' changes are recorded, in the transaction that makes them
	 * @throws InvalidPackException when a pack file, or the active version stored for it, does not validate
	 */
	public VersionedAssistantCatalog(List<Resource> packs, AssistantPackReader reader, AssistantVersionStore store,
			TransactionTemplate transactions, AdminAuditLog audit, Clock clock) {
		this.reader = reader;
		this.store = store;
		this.transactions = transactions;
		this.audit = audit;
		this.clock = clock;
		Map<String, Entry> entries = new TreeMap<>();
		for (Resource pack : packs) {
			Entry entry = load(pack);
			Entry previous = entries.putIfAbsent(entry.id(), entry);
			if (previous != null) {
				throw new InvalidPackException(entry.state().definition().source(), "id", "assistant id '"
						+ entry.id() + "' is already used by the pack at " + previous.state().definition().source());
			}
		}
		this.snapshot = new Snapshot(entries);
	}

	// --- AssistantCatalog: what chat sees ---

	@Override
	public Optional<AssistantDefinition> find(String id) {
		Entry entry = this.snapshot.byId().get(id);
		return entry == null || !entry.state().enabled() ? Optional.empty()
				: Optional.of(entry.state().definition());
	}

	@Override
	public List<AssistantDefinition> all() {
		return this.snapshot.enabled();
	}

	@Override
	public List<AssistantDefinition> allIncludingDisabled() {
		return this.snapshot.everyone();
	}

	@Override
	public boolean isDisabled(String id) {
		Entry entry = this.snapshot.byId().get(id);
		return entry != null && !entry.state().enabled();
	}

	// --- what operators see ---

	/** Every assistant, disabled ones included, ordered by id. */
	public List<AssistantState> states() {
		return this.snapshot.byId().values().stream().map(Entry::state).toList();
	}

	public AssistantState state(String id) {
		return entry(id).state();
	}

	/** Every version of the assistant, oldest first. */
	public List<AssistantVersion> versions(String id) {
		entry(id);
		return this.store.versions(id);
	}

	public AssistantVersion version(String id, int version) {
		Entry entry = entry(id);
		return this.store.version(id, version)
			.orElseThrow(() -> new UnknownAssistantVersionException(id, version, entry.state().latestVersion()));
	}

	/** The unified diff from one version's text to another's. */
	public VersionDiff diff(String id, int from, int to) {
		AssistantVersion a = version(id, from);
		AssistantVersion b = version(id, to);
		return new VersionDiff(id, from, to,
				UnifiedDiff.of(label(id, from), a.yaml(), label(id, to), b.yaml()));
	}

	// --- changes ---

	/** What a change did. */
	public record Change(AssistantState assistant, boolean created) {
	}

	/**
	 * Validates the text as the assistant's {@code assistant.yaml} and makes it the active version. Text equal to the
	 * active version's stores nothing ({@code created} false). Line endings are stored as {@code \n}: browsers send
	 * a form's text with {@code \r\n}, which would otherwise make every line differ from the pack's.
	 * @throws InvalidPackException naming the field (and line) at fault; nothing is stored
	 */
	public Change edit(String id, String text, @Nullable String comment, Editor editor) {
		String yaml = text.replace("\r\n", "\n");
		synchronized (this.writes) {
			Entry entry = entry(id);
			AssistantDefinition definition = validate(entry, yaml, id + "/assistant.yaml (edit)");
			AssistantVersion active = entry.state().active();
			if (yaml.equals(active.yaml())) {
				return new Change(entry.state(), false);
			}
			AssistantVersion version = new AssistantVersion(id, entry.state().latestVersion() + 1, yaml,
					VersionOrigin.EDIT, editor.name(), comment, null, now());
			return new Change(store(entry, definition, version, editor, ACTION_UPDATE), true);
		}
	}

	/**
	 * Makes version k's text active again as a new version N+1 (history is never rewritten).
	 * @throws UnknownAssistantVersionException when there is no version k
	 * @throws InvalidPackException when version k no longer validates (e.g. it names a rail this server lacks)
	 */
	public AssistantState rollback(String id, int to, @Nullable String comment, Editor editor) {
		synchronized (this.writes) {
			Entry entry = entry(id);
			AssistantVersion target = version(id, to);
			AssistantDefinition definition = validate(entry, target.yaml(), label(id, to));
			AssistantVersion version = new AssistantVersion(id, entry.state().latestVersion() + 1, target.yaml(),
					VersionOrigin.ROLLBACK, editor.name(), comment == null ? "rollback to version " + to : comment,
					to, now());
			return store(entry, definition, version, editor, ACTION_ROLLBACK);
		}
	}

	/** Lets the assistant take turns again; enabling an enabled assistant changes nothing. */
	public AssistantState enable(String id, Editor editor) {
		return setEnabled(id, true, editor);
	}

	/**
	 * Stops the assistant taking turns: it is no longer listed for chat, and a turn to it fails with
	 * {@link dev.tessera.core.assistant.AssistantDisabledException}. Its definition and history stay.
	 */
	public AssistantState disable(String id, Editor editor) {
		return setEnabled(id, false, editor);
	}

	private AssistantState setEnabled(String id, boolean enabled, Editor editor) {
		synchronized (this.writes) {
			Entry entry = entry(id);
			AssistantState state = entry.state();
			if (state.enabled() == enabled) {
				return state;
			}
			OffsetDateTime now = now();
			this.transactions.executeWithoutResult(status -> {
				this.store.setEnabled(id, enabled, now);
				this.audit.record(new AdminAction(editor.tenantId(), editor.name(),
						enabled ? ACTION_ENABLE : ACTION_DISABLE, target(id), enabledJson(!enabled),
						enabledJson(enabled)));
			});
			AssistantState changed = new AssistantState(state.definition(), enabled, state.active(),
					state.latestVersion(), now);
			swap(new Entry(entry.pack(), changed));
			return changed;
		}
	}

	private AssistantState store(Entry entry, AssistantDefinition definition, AssistantVersion version, Editor editor,
			String action) {
		String id = entry.id();
		String before = entry.state().active().yaml();
		try {
			this.transactions.executeWithoutResult(status -> {
				int latest = this.store.find(id).map(AssistantVersionStore.StoredAssistant::latestVersion).orElse(0);
				if (latest != entry.state().latestVersion()) {
					// another server changed it since this one last read it: the caller decides on the new state
					throw new ConcurrentAssistantEditException(id, latest, null);
				}
				this.store.append(version);
				this.store.activate(id, version.version(), version.createdAt());
				this.audit.record(
						new AdminAction(editor.tenantId(), editor.name(), action, target(id), before, version.yaml()));
			});
		}
		catch (ConcurrentAssistantEditException ex) {
			reload(entry);
			throw ex;
		}
		AssistantState changed = new AssistantState(definition, entry.state().enabled(), version, version.version(),
				version.createdAt());
		swap(new Entry(entry.pack(), changed));
		logger.info("Assistant '" + id + "': version " + version.version() + " (" + version.origin() + " by "
				+ version.author() + ") is now active");
		return changed;
	}

	/**
	 * Takes in what other servers stored since this one last read it: an assistant whose active version, latest
	 * version or enabled state differs from the database's is re-read.
	 * @return the ids of the assistants that changed
	 */
	public List<String> refresh() {
		List<String> changed = new java.util.ArrayList<>();
		for (AssistantVersionStore.StoredAssistant stored : this.store.all()) {
			Entry entry = this.snapshot.byId().get(stored.id());
			if (entry == null) {
				// stored by a server with a pack this one lacks
				continue;
			}
			AssistantState state = entry.state();
			if ((state.active().version() != stored.activeVersion() || state.latestVersion() != stored.latestVersion()
					|| state.enabled() != stored.enabled()) && !this.unreadable.contains(stored)) {
				synchronized (this.writes) {
					Entry current = this.snapshot.byId().get(stored.id());
					if (!reload(current)) {
						this.unreadable.add(stored);
					}
					else {
						changed.add(stored.id());
						logger.info("Assistant '" + stored.id() + "': version " + stored.activeVersion()
								+ (stored.enabled() ? "" : " (disabled)") + " is active, changed on another server");
					}
				}
			}
		}
		return changed;
	}

	/** Takes in what another server stored, so that a retry starts from it. */
	private boolean reload(Entry entry) {
		String id = entry.id();
		try {
			AssistantVersionStore.StoredAssistant stored = this.store.find(id).orElseThrow();
			AssistantVersion active = this.store.version(id, stored.activeVersion()).orElseThrow();
			AssistantDefinition definition = this.reader.read(entry.pack(), active.yaml(),
					label(id, active.version()));
			swap(new Entry(entry.pack(), new AssistantState(definition, stored.enabled(), active,
					stored.latestVersion(), stored.updatedAt())));
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Assistant '" + id + "': could not take in the state stored by another server: "
					+ ex.getMessage());
			return false;
		}
	}

	private AssistantDefinition validate(Entry entry, String yaml, String label) {
		AssistantDefinition definition = this.reader.read(entry.pack(), yaml, label);
		if (!definition.id().equals(entry.id())) {
			throw new InvalidPackException(label, "id", "is '" + definition.id() + "' but this is assistant '"
					+ entry.id() + "'; an edit cannot rename an assistant", this.reader.lineOf(yaml, "id"));
		}
		return definition;
	}

	private void swap(Entry entry) {
		Map<String, Entry> entries = new TreeMap<>(this.snapshot.byId());
		entries.put(entry.id(), entry);
		this.snapshot = new Snapshot(entries);
	}

	// --- start-up ---

	private Entry load(Resource pack) {
		String text = this.reader.text(pack);
		AssistantDefinition fromDisk = this.reader.read(pack, text, AssistantPackReader.describe(pack));
		String id = fromDisk.id();
		AssistantState state = this.transactions.execute(status -> importPack(id, text, fromDisk));
		AssistantVersion active = state.active();
		AssistantDefinition definition = active.yaml().equals(text) ? fromDisk
				: this.reader.read(pack, active.yaml(), label(id, active.version())
						+ " (active, stored in the database: restore what it needs, e.g. a rail, or fix the data)");
		return new Entry(pack, new AssistantState(definition, state.enabled(), active, state.latestVersion(),
				state.updatedAt()));
	}

	/** The assistant's state after importing the pack file; the definition is the disk's, replaced by the caller. */
	private AssistantState importPack(String id, String text, AssistantDefinition fromDisk) {
		OffsetDateTime now = now();
		Optional<AssistantVersionStore.StoredAssistant> stored = this.store.find(id);
		if (stored.isEmpty()) {
			AssistantVersion first = new AssistantVersion(id, 1, text, VersionOrigin.PACK,
					AssistantVersion.PACK_AUTHOR, "imported from " + fromDisk.source(), null, now);
			this.store.create(id, true, 1, now);
			this.store.append(first);
			logger.info("Assistant '" + id + "': pack imported as version 1");
			return new AssistantState(fromDisk, true, first, 1, now);
		}
		AssistantVersionStore.StoredAssistant assistant = stored.get();
		AssistantVersion active = this.store.version(id, assistant.activeVersion())
			.orElseThrow(() -> new IllegalStateException(
					"assistant '" + id + "' names active version " + assistant.activeVersion() + ", which is missing"));
		Optional<AssistantVersion> lastImport = this.store.latest(id, VersionOrigin.PACK);
		if (lastImport.isPresent() && lastImport.get().yaml().equals(text)) {
			return new AssistantState(fromDisk, assistant.enabled(), active, assistant.latestVersion(),
					assistant.updatedAt());
		}
		int number = assistant.latestVersion() + 1;
		AssistantVersion imported = new AssistantVersion(id, number, text, VersionOrigin.PACK,
				AssistantVersion.PACK_AUTHOR, "pack file changed: " + fromDisk.source(), null, now);
		this.store.append(imported);
		// the pack is followed while the active text is its last import, or when the file now holds the active
		// text (an operator's edit committed back into the pack)
		boolean followsPack = lastImport.isPresent() && lastImport.get().yaml().equals(active.yaml())
				|| text.equals(active.yaml());
		if (followsPack) {
			this.store.activate(id, number, now);
			logger.info("Assistant '" + id + "': pack file changed, imported as version " + number + " (active)");
			return new AssistantState(fromDisk, assistant.enabled(), imported, number, now);
		}
		logger.warn("Assistant '" + id + "': the pack file changed on disk and is stored as version " + number
				+ ", but version " + active.version() + " (" + active.origin() + " by " + active.author()
				+ ") stays active, so an operator's edit is not replaced. To use the pack's text: POST /api/v1/admin/assistants/"
				+ id + "/rollback?to=" + number);
		return new AssistantState(fromDisk, assistant.enabled(), active, number, assistant.updatedAt());
	}

	// --- helpers ---

	private Entry entry(String id) {
		Entry entry = this.snapshot.byId().get(id);
		if (entry == null) {
			throw new UnknownAssistantException(id, List.copyOf(this.snapshot.byId().keySet()));
		}
		return entry;
	}

	private OffsetDateTime now() {
		// microseconds: what both databases keep, so a re-read state equals the one held here
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	private static String label(String id, int version) {
		return id + "/assistant.yaml (version " + version + ")";
	}

	private static String target(String id) {
		return "assistant/" + id;
	}

	private static String enabledJson(boolean enabled) {
		return "{\"enabled\":" + enabled + "}";
	}

	private record Entry(Resource pack, AssistantState state) {

		String id() {
			return this.state.id();
		}

	}

	/** One immutable view of all entries: replaced whole on every change. */
	private record Snapshot(Map<String, Entry> byId, List<AssistantDefinition> enabled,
			List<AssistantDefinition> everyone) {

		Snapshot(Map<String, Entry> sorted) {
			this(java.util.Collections.unmodifiableMap(new TreeMap<>(sorted)),
					sorted.values().stream().filter(e -> e.state().enabled()).map(e -> e.state().definition()).toList(),
					sorted.values().stream().map(e -> e.state().definition()).toList());
		}

	}

}
