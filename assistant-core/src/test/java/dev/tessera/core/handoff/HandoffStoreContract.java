package dev.tessera.core.handoff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.Conversation;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.escalation.BudgetLimits;
import dev.tessera.core.escalation.EscalationBudget;
import dev.tessera.core.escalation.JdbcEscalationBudget;
import dev.tessera.core.persistence.TesseraSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-off queue and the escalation budget on a real database. Implemented once per database.
 */
public abstract class HandoffStoreContract {

	protected abstract DataSource dataSource();

	private JdbcConversationRepository conversations;

	private JdbcHandoffQueue queue;

	private JdbcClient jdbc;

	@BeforeEach
	void migrateAndWire() {
		new TesseraSchema(dataSource()).migrate();
		this.jdbc = JdbcClient.create(dataSource());
		this.conversations = new JdbcConversationRepository(this.jdbc);
		this.queue = new JdbcHandoffQueue(this.jdbc, this.conversations,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource())), Clock.systemUTC());
	}

	private HandoffItem queued(String tenant) {
		Conversation conversation = new Conversation(UUID.randomUUID().toString(), tenant, "faq-bot",
				OffsetDateTime.now(ZoneOffset.UTC));
		this.conversations.save(conversation);
		return this.queue.enqueue(new HandoffQueue.NewHandoff(tenant, conversation.id(), "faq-bot",
				UUID.randomUUID().toString(), "no passage matches", "user: where is [EMAIL_1]?"));
	}

	@Test
	void an_item_goes_from_open_to_claimed_to_resolved_and_the_reply_lands_in_the_conversation() {
		HandoffItem item = queued("tenant-a");
		assertThat(item.state()).isEqualTo(HandoffState.OPEN);
		assertThat(item.context()).isEqualTo("user: where is [EMAIL_1]?");

		HandoffItem claimed = this.queue.claim("tenant-a", item.id(), "ana");
		this.queue.reply("tenant-a", item.id(), "ana", "  It is on the second floor.  ");
		HandoffItem resolved = this.queue.resolve("tenant-a", item.id(), "ana", "answered");

		assertThat(claimed.state()).isEqualTo(HandoffState.CLAIMED);
		assertThat(claimed.assignee()).isEqualTo("ana");
		assertThat(resolved.state()).isEqualTo(HandoffState.RESOLVED);
		assertThat(resolved.resolution()).isEqualTo("answered");
		assertThat(this.conversations.findMessages(item.conversationId())).singleElement().satisfies(message -> {
			assertThat(message.role()).isEqualTo(ChatMessage.Role.AGENT);
			assertThat(message.content()).isEqualTo("It is on the second floor.");
			assertThat(message.seq()).isEqualTo(1);
		});
	}

	@Test
	void bad_transitions_are_refused_with_the_state_they_met() {
		HandoffItem item = queued("tenant-a");

		assertThatThrownBy(() -> this.queue.reply("tenant-a", item.id(), "ana", "hello"))
			.isInstanceOf(HandoffTransitionException.class)
			.hasMessageContaining("it is open: claim it first");
		assertThatThrownBy(() -> this.queue.resolve("tenant-a", item.id(), "ana", ""))
			.isInstanceOf(HandoffTransitionException.class);
		this.queue.claim("tenant-a", item.id(), "ana");
		assertThatThrownBy(() -> this.queue.claim("tenant-a", item.id(), "ben"))
			.isInstanceOf(HandoffTransitionException.class)
			.hasMessageContaining("already claimed by 'ana'");
		assertThatThrownBy(() -> this.queue.reply("tenant-a", item.id(), "ben", "hello"))
			.isInstanceOf(HandoffTransitionException.class)
			.hasMessageContaining("claimed by 'ana', not 'ben'");
		this.queue.resolve("tenant-a", item.id(), "ana", "");
		assertThatThrownBy(() -> this.queue.claim("tenant-a", item.id(), "ana"))
			.isInstanceOf(HandoffTransitionException.class)
			.satisfies(ex -> assertThat(((HandoffTransitionException) ex).state()).isEqualTo(HandoffState.RESOLVED));
		assertThat(this.conversations.findMessages(item.conversationId())).isEmpty();
	}

	@Test
	void items_are_tenant_scoped_and_listed_by_state_oldest_first() {
		// fresh tenants: the database may hold other tests' items
		String tenant = "tenant-" + UUID.randomUUID();
		HandoffItem first = queued(tenant);
		HandoffItem second = queued(tenant);
		HandoffItem foreign = queued("other-" + UUID.randomUUID());
		this.queue.claim(tenant, second.id(), "ana");

		assertThat(this.queue.list(tenant, Optional.empty(), 10)).extracting(HandoffItem::id)
			.containsExactly(first.id(), second.id());
		assertThat(this.queue.list(tenant, Optional.of(HandoffState.OPEN), 10)).extracting(HandoffItem::id)
			.containsExactly(first.id());
		assertThat(this.queue.list(tenant, Optional.empty(), 1)).hasSize(1);
		assertThat(this.queue.find(tenant, foreign.id())).isEmpty();
		assertThatThrownBy(() -> this.queue.claim(tenant, foreign.id(), "ana"))
			.isInstanceOf(UnknownHandoffException.class);
	}

	@Test
	void a_conversation_has_one_unresolved_item_that_later_hand_offs_refresh() {
		HandoffItem item = queued("tenant-a");
		this.queue.claim("tenant-a", item.id(), "ana");

		HandoffItem again = this.queue.enqueue(new HandoffQueue.NewHandoff("tenant-a", item.conversationId(),
				"faq-bot", "turn-2", "domain rule 'complaint'", "user: I have a complaint"));

		assertThat(again.id()).isEqualTo(item.id());
		assertThat(again.state()).as("the person who took it keeps it").isEqualTo(HandoffState.CLAIMED);
		assertThat(again.reason()).isEqualTo("domain rule 'complaint'");
		this.queue.resolve("tenant-a", item.id(), "ana", "");
		HandoffItem after = this.queue.enqueue(new HandoffQueue.NewHandoff("tenant-a", item.conversationId(),
				"faq-bot", "turn-3", "again", "user: again"));
		assertThat(after.id()).isNotEqualTo(item.id());
		assertThat(after.state()).isEqualTo(HandoffState.OPEN);
	}

	@Test
	void two_people_claiming_at_once_get_one_item_between_them() throws Exception {
		HandoffItem item = queued("tenant-a");
		List<Callable<String>> claims = List.of(() -> claim(item, "ana"), () -> claim(item, "ben"),
				() -> claim(item, "cy"), () -> claim(item, "dee"));
		try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
			List<String> outcomes = pool.invokeAll(claims).stream().map(HandoffStoreContract::get).toList();
			assertThat(outcomes).filteredOn(outcome -> outcome.startsWith("claimed")).hasSize(1);
			assertThat(outcomes).filteredOn(outcome -> outcome.startsWith("refused")).hasSize(3);
		}
	}

	@Test
	void the_budget_is_shared_per_tenant_and_period_and_survives_new_instances() {
		Clock day1 = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
		Clock day2 = Clock.fixed(Instant.parse("2026-03-02T00:00:01Z"), ZoneOffset.UTC);
		BudgetLimits limits = new BudgetLimits(Duration.ofDays(1), 2, 1_000);
		EscalationBudget budget = new JdbcEscalationBudget(this.jdbc, t -> limits, day1);

		// a tenant of its own: the database may hold other tests' rows
		String tenant = "tenant-" + UUID.randomUUID();
		EscalationBudget.Reservation first = budget.reserve(tenant);
		budget.settle(first, 300);
		EscalationBudget.Reservation failed = budget.reserve(tenant);
		budget.release(failed);
		EscalationBudget.Reservation second = new JdbcEscalationBudget(this.jdbc, t -> limits, day1)
			.reserve(tenant);
		EscalationBudget.Reservation third = budget.reserve(tenant);

		assertThat(first.granted()).isTrue();
		assertThat(second.granted()).as("the released place is free again").isTrue();
		assertThat(third.granted()).isFalse();
		assertThat(third.detail()).contains("used its 2 escalations").contains("2026-03-01T00:00Z");
		assertThat(budget.usage(tenant)).isEqualTo(new EscalationBudget.Usage(2, 300, 2, 1_000));
		assertThat(budget.reserve("tenant-b-" + UUID.randomUUID()).granted()).as("another tenant has its own budget").isTrue();
		assertThat(new JdbcEscalationBudget(this.jdbc, t -> limits, day2).reserve(tenant).granted())
			.as("a new period starts empty")
			.isTrue();
	}

	@Test
	void concurrent_reservations_never_exceed_the_limit() throws Exception {
		String tenant = "tenant-" + UUID.randomUUID();
		BudgetLimits limits = new BudgetLimits(Duration.ofHours(1), 5, Long.MAX_VALUE);
		EscalationBudget budget = new JdbcEscalationBudget(this.jdbc, t -> limits, Clock.systemUTC());
		List<Callable<Boolean>> reservations = java.util.stream.IntStream.range(0, 20)
			.<Callable<Boolean>>mapToObj(i -> () -> budget.reserve(tenant).granted())
			.toList();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			long granted = pool.invokeAll(reservations).stream().filter(HandoffStoreContract::get).count();
			assertThat(granted).isEqualTo(5);
		}
		assertThat(budget.usage(tenant).escalations()).isEqualTo(5);
	}

	private String claim(HandoffItem item, String agent) {
		try {
			this.queue.claim("tenant-a", item.id(), agent);
			return "claimed by " + agent;
		}
		catch (HandoffTransitionException ex) {
			return "refused " + agent;
		}
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
