package dev.tessera.core.assistant.version;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.AssistantDisabledException;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.UnknownAssistantException;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.assistant.Route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versioned assistant definitions on a real database: import at start-up, edits, validation, history, diff,
 * rollback, enable/disable, restarts and changed pack files. Implemented once per database.
 */
public abstract class AssistantVersionsContract {

	private static final Editor ANA = new Editor("default", "ana");

	protected abstract DataSource dataSource();

	@TempDir
	Path packs;

	private Path packFile;

	private String original;

	private final List<AdminAction> audited = Collections.synchronizedList(new ArrayList<>());

	private AssistantPackReader reader;

	@BeforeEach
	void migrateAndCopyThePack() throws IOException {
		new TesseraSchema(dataSource()).migrate();
		this.reader = new AssistantPackReader(TestPacks.RAILS);
		// a fresh assistant id per test: the PostgreSQL schema is shared by the tests of a class
		String id = "faq-" + Long.toHexString(System.nanoTime());
		Path folder = Files.createDirectories(this.packs.resolve(id).resolve("knowledge"));
		Files.copy(new ClassPathResource("packs/faq-bot/knowledge/library.md").getInputStream(),
				folder.resolve("library.md"));
		this.original = new ClassPathResource("packs/faq-bot/assistant.yaml").getContentAsString(StandardCharsets.UTF_8)
			.replace("id: faq-bot", "id: " + id);
		this.packFile = this.packs.resolve(id).resolve("assistant.yaml");
		Files.writeString(this.packFile, this.original);
	}

	/** A server start: a new catalog on the same database and pack folder. */
	private VersionedAssistantCatalog start() {
		return start(this.reader, this.audited::add);
	}

	private VersionedAssistantCatalog start(AssistantPackReader reader, AdminAuditLog audit) {
		return new VersionedAssistantCatalog(List.of(new FileSystemResource(this.packFile)), reader,
				new JdbcAssistantVersionStore(JdbcClient.create(dataSource())),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource())), audit, Clock.systemUTC());
	}

	private String id() {
		return this.packFile.getParent().getFileName().toString();
	}

	private String withAnswer(String text, String answer) {
		return text.replace("answer: \"From {title} ({section}): {passage}\"", "answer: \"" + answer + "\"");
	}

	private void writePack(String text) {
		try {
			Files.writeString(this.packFile, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void the_pack_becomes_version_1_at_first_start_and_nothing_more_at_the_next() {
		VersionedAssistantCatalog catalog = start();

		AssistantState state = catalog.state(id());
		assertThat(state.enabled()).isTrue();
		assertThat(state.latestVersion()).isEqualTo(1);
		assertThat(state.active().version()).isEqualTo(1);
		assertThat(state.active().origin()).isEqualTo(VersionOrigin.PACK);
		assertThat(state.active().author()).isEqualTo("pack");
		assertThat(state.active().yaml()).isEqualTo(this.original);
		assertThat(catalog.find(id())).get().extracting(AssistantDefinition::name).isEqualTo("FAQ bot");
		assertThat(catalog.find(id()).get().knowledge()).extracting(AssistantDefinition.KnowledgeDocument::path)
			.containsExactly("knowledge/library.md");

		VersionedAssistantCatalog restarted = start();
		assertThat(restarted.versions(id())).hasSize(1);
		assertThat(this.audited).isEmpty(); // imports are history, not operators' actions
	}

	@Test
	void an_edit_is_stored_as_the_next_version_and_served_at_once() {
		VersionedAssistantCatalog catalog = start();
		AssistantDefinition before = catalog.find(id()).orElseThrow();

		String edited = withAnswer(this.original, "Edited: {passage}")
			+ "routing:\n  max-words: 5\n  on-complex: HANDOFF_HUMAN\n";
		VersionedAssistantCatalog.Change change = catalog.edit(id(), edited, "shorter answers", ANA);

		assertThat(change.created()).isTrue();
		AssistantVersion v2 = change.assistant().active();
		assertThat(v2.version()).isEqualTo(2);
		assertThat(v2.origin()).isEqualTo(VersionOrigin.EDIT);
		assertThat(v2.author()).isEqualTo("ana");
		assertThat(v2.comment()).isEqualTo("shorter answers");
		AssistantDefinition after = catalog.find(id()).orElseThrow();
		assertThat(after.replies().answer()).isEqualTo("Edited: {passage}");
		assertThat(after.routing().maxWords()).isEqualTo(5);
		assertThat(after.routing().onComplex()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(before.replies().answer()).isEqualTo("From {title} ({section}): {passage}");
		// still the pack's folder: knowledge and examples resolve as before
		assertThat(after.source()).isEqualTo(before.source());
		assertThat(after.knowledge()).isEqualTo(before.knowledge());
		assertThat(catalog.all()).containsExactly(after);
		// the file on disk is never written
		assertThat(this.packFile).hasContent(this.original);
	}

	@Test
	void an_edit_equal_to_the_active_text_stores_nothing() {
		VersionedAssistantCatalog catalog = start();

		VersionedAssistantCatalog.Change change = catalog.edit(id(), this.original, null, ANA);

		assertThat(change.created()).isFalse();
		assertThat(change.assistant().active().version()).isEqualTo(1);
		assertThat(catalog.versions(id())).hasSize(1);
		assertThat(this.audited).isEmpty();
	}

	@Test
	void an_invalid_edit_stores_nothing_and_names_the_field_and_its_line() {
		VersionedAssistantCatalog catalog = start();
		String zeroWords = this.original + "routing:\n  max-words: 0\n";
		int routingLine = (int) this.original.lines().count() + 2;

		assertThatThrownBy(() -> catalog.edit(id(), zeroWords, null, ANA)).isInstanceOfSatisfying(
				InvalidPackException.class, ex -> {
					assertThat(ex.field()).isEqualTo("routing.max-words");
					assertThat(ex.line()).isEqualTo(routingLine);
					assertThat(ex.getMessage()).contains("must be >= 1, got 0").contains(id() + "/assistant.yaml (edit)");
				});
		assertThatThrownBy(() -> catalog.edit(id(), this.original.replace("rail: pii", "rail: toxicity"), null, ANA))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("rails.input[0].rail");
				assertThat(ex.line()).isEqualTo(lineOf(this.original, "rail: pii"));
				assertThat(ex.problem()).contains("unknown rail 'toxicity'");
			});
		assertThatThrownBy(() -> catalog.edit(id(), this.original.replace("  top-k: 2", "  top-k: [2"), null, ANA))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.line()).isGreaterThanOrEqualTo(lineOf(this.original, "top-k")));
		assertThatThrownBy(() -> catalog.edit(id(), this.original.replace("retrieval:", "retreival:"), null, ANA))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.getMessage()).contains("retreival");
				assertThat(ex.line()).isEqualTo(lineOf(this.original, "retrieval:"));
			});
		assertThatThrownBy(() -> catalog.edit(id(), this.original + "replies:\n  answer: twice\n", null, ANA))
			.isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("replies");
		assertThatThrownBy(() -> catalog.edit(id(), this.original.replace("id: " + id(), "id: other-bot"), null, ANA))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("id");
				assertThat(ex.line()).isEqualTo(1);
				assertThat(ex.problem()).contains("cannot rename");
			});
		assertThatThrownBy(() -> catalog.edit(id(), "  ", null, ANA)).isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("is empty");

		assertThat(catalog.versions(id())).hasSize(1);
		assertThat(catalog.find(id()).orElseThrow().retrieval().topK()).isEqualTo(2);
		assertThat(this.audited).isEmpty();
	}

	@Test
	void versions_are_listed_and_read_and_diffed() {
		VersionedAssistantCatalog catalog = start();
		String v2 = withAnswer(this.original, "Edited: {passage}");
		catalog.edit(id(), v2, "first", ANA);
		catalog.edit(id(), v2.replace("top-k: 2", "top-k: 4"), "second", new Editor("default", "ben"));

		assertThat(catalog.versions(id())).extracting(AssistantVersion::version, AssistantVersion::author)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, "pack"), org.assertj.core.groups.Tuple.tuple(2, "ana"),
					org.assertj.core.groups.Tuple.tuple(3, "ben"));
		assertThat(catalog.version(id(), 2).yaml()).isEqualTo(v2);

		VersionDiff diff = catalog.diff(id(), 1, 3);
		assertThat(diff.diff().added()).isEqualTo(2);
		assertThat(diff.diff().removed()).isEqualTo(2);
		assertThat(diff.diff().text()).startsWith("--- " + id() + "/assistant.yaml (version 1)\n+++ " + id()
				+ "/assistant.yaml (version 3)\n@@ ")
			.contains("\n-  top-k: 2\n+  top-k: 4\n")
			.contains("\n-  answer: \"From {title} ({section}): {passage}\"\n+  answer: \"Edited: {passage}\"\n");
		assertThat(catalog.diff(id(), 2, 2).diff().isEmpty()).isTrue();
		assertThat(catalog.diff(id(), 2, 2).diff().text()).isEmpty();
	}

	@Test
	void a_rollback_stores_the_old_text_as_a_new_version_and_serves_it() {
		VersionedAssistantCatalog catalog = start();
		catalog.edit(id(), withAnswer(this.original, "Edited: {passage}"), null, ANA);

		AssistantState rolledBack = catalog.rollback(id(), 1, null, ANA);

		assertThat(rolledBack.active().version()).isEqualTo(3);
		assertThat(rolledBack.active().origin()).isEqualTo(VersionOrigin.ROLLBACK);
		assertThat(rolledBack.active().restoredFrom()).isEqualTo(1);
		assertThat(rolledBack.active().comment()).isEqualTo("rollback to version 1");
		assertThat(rolledBack.active().yaml()).isEqualTo(this.original);
		assertThat(catalog.find(id()).orElseThrow().replies().answer()).isEqualTo("From {title} ({section}): {passage}");
		// history is kept whole
		assertThat(catalog.versions(id())).extracting(AssistantVersion::origin)
			.containsExactly(VersionOrigin.PACK, VersionOrigin.EDIT, VersionOrigin.ROLLBACK);
		assertThat(catalog.version(id(), 2).yaml()).contains("Edited: {passage}");
	}

	@Test
	void unknown_assistants_and_versions_are_named() {
		VersionedAssistantCatalog catalog = start();

		assertThatThrownBy(() -> catalog.edit("astrology", this.original, null, ANA))
			.isInstanceOf(UnknownAssistantException.class)
			.hasMessageContaining("astrology")
			.hasMessageContaining(id());
		assertThatThrownBy(() -> catalog.version(id(), 7)).isInstanceOf(UnknownAssistantVersionException.class)
			.hasMessageContaining("no version 7; its versions are 1..1");
		assertThatThrownBy(() -> catalog.rollback(id(), 0, null, ANA))
			.isInstanceOf(UnknownAssistantVersionException.class);
		assertThatThrownBy(() -> catalog.diff(id(), 1, 2)).isInstanceOf(UnknownAssistantVersionException.class);
		assertThat(catalog.versions(id())).hasSize(1);
	}

	@Test
	void a_disabled_assistant_takes_no_turns_but_operators_still_see_it() {
		VersionedAssistantCatalog catalog = start();

		AssistantState disabled = catalog.disable(id(), ANA);

		assertThat(disabled.enabled()).isFalse();
		assertThat(catalog.find(id())).isEmpty();
		assertThat(catalog.all()).isEmpty();
		assertThat(catalog.isDisabled(id())).isTrue();
		assertThat(catalog.isDisabled("astrology")).isFalse();
		assertThat(catalog.allIncludingDisabled()).extracting(AssistantDefinition::id).containsExactly(id());
		assertThat(catalog.states()).singleElement().satisfies(s -> assertThat(s.enabled()).isFalse());
		assertThatThrownBy(() -> catalog.require(id())).isInstanceOf(AssistantDisabledException.class)
			.hasMessage("Assistant '" + id() + "' is disabled.");
		assertThatThrownBy(() -> catalog.require("astrology")).isInstanceOf(UnknownAssistantException.class);
		// an operator may still edit it; it stays disabled
		catalog.edit(id(), withAnswer(this.original, "Edited: {passage}"), null, ANA);
		assertThat(catalog.find(id())).isEmpty();

		VersionedAssistantCatalog restarted = start();
		assertThat(restarted.isDisabled(id())).isTrue();
		assertThat(restarted.enable(id(), ANA).enabled()).isTrue();
		assertThat(restarted.require(id()).replies().answer()).isEqualTo("Edited: {passage}");
		assertThat(start().find(id())).isPresent();
		// enabling an enabled assistant changes nothing and records nothing
		int recorded = this.audited.size();
		restarted.enable(id(), ANA);
		assertThat(this.audited).hasSize(recorded);
	}

	@Test
	void a_restart_keeps_the_active_version() {
		VersionedAssistantCatalog catalog = start();
		catalog.edit(id(), withAnswer(this.original, "Edited: {passage}"), null, ANA);
		catalog.edit(id(), withAnswer(this.original, "Edited again: {passage}"), null, ANA);
		catalog.rollback(id(), 2, null, ANA);

		VersionedAssistantCatalog restarted = start();

		AssistantState state = restarted.state(id());
		assertThat(state.active().version()).isEqualTo(4);
		assertThat(state.latestVersion()).isEqualTo(4);
		assertThat(state.active()).isEqualTo(catalog.state(id()).active());
		assertThat(restarted.find(id()).orElseThrow().replies().answer()).isEqualTo("Edited: {passage}");
	}

	@Test
	void a_changed_pack_file_becomes_active_when_no_operator_edit_is_in_force() {
		start();
		String changed = withAnswer(this.original, "From the new pack: {passage}");
		writePack(changed);

		VersionedAssistantCatalog restarted = start();

		AssistantState state = restarted.state(id());
		assertThat(state.active().version()).isEqualTo(2);
		assertThat(state.active().origin()).isEqualTo(VersionOrigin.PACK);
		assertThat(state.active().author()).isEqualTo("pack");
		assertThat(state.active().comment()).startsWith("pack file changed: file:");
		assertThat(restarted.find(id()).orElseThrow().replies().answer()).isEqualTo("From the new pack: {passage}");
		assertThat(start().versions(id())).hasSize(2);
	}

	@Test
	void a_changed_pack_file_never_replaces_an_operators_edit() {
		start().edit(id(), withAnswer(this.original, "Operator's: {passage}"), null, ANA);
		writePack(withAnswer(this.original, "From the new pack: {passage}"));

		VersionedAssistantCatalog restarted = start();

		AssistantState state = restarted.state(id());
		assertThat(state.active().version()).isEqualTo(2);
		assertThat(state.latestVersion()).isEqualTo(3);
		assertThat(restarted.find(id()).orElseThrow().replies().answer()).isEqualTo("Operator's: {passage}");
		assertThat(restarted.version(id(), 3).origin()).isEqualTo(VersionOrigin.PACK);
		// the operator takes the pack's text on purpose
		restarted.rollback(id(), 3, null, ANA);
		assertThat(restarted.find(id()).orElseThrow().replies().answer()).isEqualTo("From the new pack: {passage}");
		// from then on the pack is followed again
		writePack(withAnswer(this.original, "Pack, third edition: {passage}"));
		assertThat(start().find(id()).orElseThrow().replies().answer()).isEqualTo("Pack, third edition: {passage}");
	}

	@Test
	void an_edit_committed_back_into_the_pack_is_followed_from_then_on() {
		String edited = withAnswer(this.original, "Operator's: {passage}");
		start().edit(id(), edited, null, ANA);
		writePack(edited);

		VersionedAssistantCatalog restarted = start();

		AssistantState state = restarted.state(id());
		assertThat(state.active().version()).isEqualTo(3);
		assertThat(state.active().origin()).isEqualTo(VersionOrigin.PACK);
		assertThat(state.active().yaml()).isEqualTo(edited);
		writePack(withAnswer(this.original, "Next pack: {passage}"));
		assertThat(start().find(id()).orElseThrow().replies().answer()).isEqualTo("Next pack: {passage}");
	}

	@Test
	void an_active_version_that_no_longer_validates_stops_start_up_naming_it() {
		Set<String> rails = new HashSet<>(TestPacks.RAILS);
		rails.add("shouting");
		VersionedAssistantCatalog catalog = start(new AssistantPackReader(rails), this.audited::add);
		catalog.edit(id(), this.original.replace("rail: instruction-override", "rail: shouting"), null, ANA);

		assertThatThrownBy(this::start).isInstanceOfSatisfying(InvalidPackException.class, ex -> {
			assertThat(ex.getMessage()).contains(id() + "/assistant.yaml (version 2)")
				.contains("unknown rail 'shouting'");
			assertThat(ex.field()).isEqualTo("rails.input[1].rail");
		});
	}

	@Test
	void every_change_is_audited_with_the_text_before_and_after() {
		VersionedAssistantCatalog catalog = start();
		String edited = withAnswer(this.original, "Edited: {passage}");

		catalog.edit(id(), edited, null, ANA);
		catalog.rollback(id(), 1, null, ANA);
		catalog.disable(id(), new Editor("tenant-b", "ben"));
		catalog.enable(id(), ANA);

		assertThat(this.audited).extracting(AdminAction::action, AdminAction::target, AdminAction::actor)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("assistant.update", "assistant/" + id(), "ana"),
					org.assertj.core.groups.Tuple.tuple("assistant.rollback", "assistant/" + id(), "ana"),
					org.assertj.core.groups.Tuple.tuple("assistant.disable", "assistant/" + id(), "ben"),
					org.assertj.core.groups.Tuple.tuple("assistant.enable", "assistant/" + id(), "ana"));
		assertThat(this.audited.get(0).before()).isEqualTo(this.original);
		assertThat(this.audited.get(0).after()).isEqualTo(edited);
		assertThat(this.audited.get(1).before()).isEqualTo(edited);
		assertThat(this.audited.get(1).after()).isEqualTo(this.original);
		assertThat(this.audited.get(2).tenantId()).isEqualTo("tenant-b");
		assertThat(this.audited.get(2).after()).isEqualTo("{\"enabled\":false}");
	}

	@Test
	void a_change_whose_audit_record_fails_is_not_stored() {
		VersionedAssistantCatalog catalog = start(this.reader, action -> {
			throw new IllegalStateException("audit store down");
		});

		assertThatThrownBy(() -> catalog.edit(id(), withAnswer(this.original, "Edited: {passage}"), null, ANA))
			.hasMessageContaining("audit store down");
		assertThatThrownBy(() -> catalog.disable(id(), ANA)).hasMessageContaining("audit store down");

		assertThat(catalog.state(id()).active().version()).isEqualTo(1);
		assertThat(catalog.find(id())).isPresent();
		VersionedAssistantCatalog restarted = start();
		assertThat(restarted.versions(id())).hasSize(1);
		assertThat(restarted.isDisabled(id())).isFalse();
	}

	@Test
	void two_servers_on_one_database_do_not_overwrite_each_other() {
		VersionedAssistantCatalog first = start();
		VersionedAssistantCatalog second = start();
		first.edit(id(), withAnswer(this.original, "First: {passage}"), null, ANA);

		String secondEdit = withAnswer(this.original, "Second: {passage}");
		assertThatThrownBy(() -> second.edit(id(), secondEdit, null, ANA))
			.isInstanceOf(ConcurrentAssistantEditException.class)
			.hasMessageContaining("latest version is now 2");
		// the refused server took in the first one's edit; a retry builds on it
		assertThat(second.find(id()).orElseThrow().replies().answer()).isEqualTo("First: {passage}");
		assertThat(second.edit(id(), secondEdit, null, ANA).assistant().active().version()).isEqualTo(3);
		assertThat(start().find(id()).orElseThrow().replies().answer()).isEqualTo("Second: {passage}");
	}

	@Test
	void a_server_takes_in_another_servers_edits_rollbacks_and_disabling_at_its_next_refresh() {
		VersionedAssistantCatalog first = start();
		VersionedAssistantCatalog second = start();
		assertThat(second.refresh()).as("nothing changed yet").isEmpty();

		first.edit(id(), withAnswer(this.original, "Edited on the first: {passage}"), null, ANA);
		assertThat(second.find(id()).orElseThrow().replies().answer()).as("before its refresh")
			.isEqualTo("From {title} ({section}): {passage}");
		assertThat(second.refresh()).containsExactly(id());
		assertThat(second.find(id()).orElseThrow().replies().answer()).isEqualTo("Edited on the first: {passage}");
		assertThat(second.state(id()).active().version()).isEqualTo(2);
		assertThat(second.refresh()).as("taken in once").isEmpty();

		first.disable(id(), ANA);
		second.refresh();
		assertThat(second.isDisabled(id())).isTrue();
		assertThat(second.all()).extracting(AssistantDefinition::id).doesNotContain(id());

		first.enable(id(), ANA);
		first.rollback(id(), 1, null, ANA);
		second.refresh();
		assertThat(second.isDisabled(id())).isFalse();
		assertThat(second.state(id()).active().version()).isEqualTo(3);
		assertThat(second.find(id()).orElseThrow().replies().answer()).isEqualTo("From {title} ({section}): {passage}");
		// and the second server's own edit builds on what it took in, without a conflict
		assertThat(second.edit(id(), withAnswer(this.original, "Second: {passage}"), null, ANA).assistant()
			.active()
			.version()).isEqualTo(4);
	}

	@Test
	void concurrent_edits_on_one_server_get_consecutive_versions() throws Exception {
		VersionedAssistantCatalog catalog = start();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> edits = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				String text = withAnswer(this.original, "Edit " + i + ": {passage}");
				edits.add(pool.submit(() -> catalog.edit(id(), text, null, ANA)));
			}
			for (Future<?> edit : edits) {
				edit.get();
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(catalog.versions(id())).extracting(AssistantVersion::version)
			.containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
		AssistantState state = catalog.state(id());
		assertThat(state.active().version()).isEqualTo(13);
		// what is served is what is stored as active
		assertThat(catalog.find(id()).orElseThrow().replies())
			.isEqualTo(this.reader.read(new FileSystemResource(this.packFile), state.active().yaml(), "active").replies());
	}

	private static int lineOf(String text, String contains) {
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(contains)) {
				return i + 1;
			}
		}
		throw new AssertionError("no line contains " + contains);
	}

}
