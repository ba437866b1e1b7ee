package dev.tessera.core.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.testing.TestPacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code tools:} and {@code handoff-when:} sections of a pack: read, and refused with the field at fault.
 */
class ToolPackValidationTest {

	private final ClassPathResource pack = new ClassPathResource("packs/parcel-desk/assistant.yaml");

	private final AssistantPackReader reader = new AssistantPackReader(TestPacks.RAILS,
			new ToolRegistry(List.of(new ParcelLookupTool())));

	private final String yaml;

	ToolPackValidationTest() {
		try {
			this.yaml = this.pack.getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private AssistantDefinition read(String text) {
		return this.reader.read(this.pack, text, "parcel-desk (edit)");
	}

	private String edited(String from, String to) {
		assertThat(this.yaml).contains(from);
		return this.yaml.replace(from, to);
	}

	@Test
	void reads_the_binding_with_its_slots_in_the_tools_order_replies_and_settings() {
		AssistantDefinition desk = read(this.yaml);

		assertThat(desk.tools()).singleElement().satisfies(binding -> {
			assertThat(binding.tool()).isEqualTo("parcel-lookup");
			assertThat(binding.anyOf()).contains("my parcel");
			assertThat(binding.slots()).extracting(ToolSlot::name).containsExactly("code", "email");
			assertThat(binding.slot("email")).get().satisfies(slot -> {
				assertThat(slot.type()).isEqualTo(ToolSlot.Type.EMAIL);
				assertThat(slot.personal()).isTrue();
				assertThat(slot.find("write to Rosa@Example.org please")).contains("Rosa@Example.org");
			});
			assertThat(binding.slot("code")).get().satisfies(slot -> {
				assertThat(slot.personal()).isFalse();
				assertThat(slot.find("it is P1234.")).contains("P1234");
				assertThat(slot.find("it is P12345")).isEmpty();
			});
			assertThat(binding.replies()).containsOnlyKeys("waiting", "collected", "unknown");
			assertThat(binding.settings()).containsEntry("desk", "north entrance");
			assertThat(binding.citePassage()).isTrue();
		});
		assertThat(desk.handoffWhen().upsetIntents()).containsExactly("complaint");
		assertThat(desk.handoffWhen().maxSentiment()).isEqualTo(-0.5);
		assertThat(desk.handoffWhen().maxFailedTurns()).hasValue(2);
	}

	@Test
	void an_unknown_tool_is_refused_naming_the_field_line_and_the_registered_tools() {
		assertThatThrownBy(() -> read(edited("- tool: parcel-lookup", "- tool: parcel-finder")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].tool");
				assertThat(ex.line()).isEqualTo(17);
				assertThat(ex.problem()).isEqualTo("unknown tool 'parcel-finder'; known tools: [parcel-lookup]");
			});
		assertThatThrownBy(() -> new AssistantPackReader(TestPacks.RAILS).read(this.pack))
			.isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("unknown tool 'parcel-lookup'; known tools: []");
	}

	@Test
	void every_slot_the_tool_needs_must_be_defined_and_no_other() {
		assertThatThrownBy(() -> read(edited("      - name: email\n        type: email\n        ask: \"your email address\"\n", "")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].slots");
				assertThat(ex.problem()).contains("tool 'parcel-lookup' needs slot 'email'");
			});
		assertThatThrownBy(() -> read(edited("- name: code", "- name: locker")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].slots[0].name");
				assertThat(ex.problem()).isEqualTo("tool 'parcel-lookup' has no slot 'locker'; its slots: [code, email]");
			});
		assertThatThrownBy(() -> read(edited("'\\b(P\\d{4})\\b'", "'(P\\d{4'")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].slots[0].pattern");
				assertThat(ex.problem()).startsWith("is not a regular expression");
			});
		assertThatThrownBy(() -> read(edited("type: email", "type: phone-number")))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.field()).isEqualTo("tools[0].slots[1].type"));
	}

	@Test
	void every_outcome_needs_a_reply_and_replies_name_only_fields_and_slots_that_are_not_personal() {
		assertThatThrownBy(() -> read(edited("      collected: \"Parcel {code} was collected on {collected-on}.\"\n", "")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].replies.collected");
				assertThat(ex.problem()).isEqualTo("is required: tool 'parcel-lookup' can answer 'collected'");
			});
		assertThatThrownBy(() -> read(edited("unknown: \"", "lost: \"")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].replies.lost");
				assertThat(ex.problem()).contains("has no outcome 'lost'");
			});
		assertThatThrownBy(() -> read(edited("shelf {shelf}.", "shelf {shelf}, for {email}.")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].replies.waiting");
				assertThat(ex.problem()).contains("personal slot {email}");
			});
		assertThatThrownBy(() -> read(edited("shelf {shelf}.", "shelf {shelve}.")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].replies.waiting");
				assertThat(ex.problem()).contains("names {shelve}, which is neither a field");
			});
	}

	@Test
	void a_binding_needs_a_trigger_and_a_question_naming_the_missing_slots() {
		assertThatThrownBy(() -> read(edited("    any-of: [\"my parcel\", \"parcel for me\", \"is there a parcel\"]\n", "")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("tools[0].intents");
				assertThat(ex.problem()).contains("intents or any-of phrases");
			});
		assertThatThrownBy(() -> read(edited("Please tell me {missing}.", "Please tell me more.")))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> assertThat(ex.field()).isEqualTo("tools[0].ask"));
	}

	@Test
	void handoff_triggers_are_checked() {
		assertThatThrownBy(() -> read(edited("max-sentiment: -0.5", "max-sentiment: -2")))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.field()).isEqualTo("handoff-when.upset.max-sentiment"));
		assertThatThrownBy(() -> read(edited("failed-turns: 2", "failed-turns: 0")))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.field()).isEqualTo("handoff-when.failed-turns"));
		assertThatThrownBy(() -> read(edited("failed-turns: 2", "failed-turn: 2")))
			.isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("failed-turn");
	}

	@Test
	void a_registry_refuses_two_tools_of_one_name_and_names_that_packs_cannot_use() {
		assertThatThrownBy(() -> new ToolRegistry(List.of(new ParcelLookupTool(), new ParcelLookupTool())))
			.hasMessage("two tools are named 'parcel-lookup'");
		assertThat(new ToolRegistry(List.of(new ParcelLookupTool())).names()).containsExactly("parcel-lookup");
	}

}
