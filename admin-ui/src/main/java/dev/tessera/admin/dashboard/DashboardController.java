package dev.tessera.admin.dashboard;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import dev.tessera.admin.ConsoleOperator;
import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.audit.stats.AuditStatistics;
import dev.tessera.core.audit.stats.TurnStatistics;
import dev.tessera.core.handoff.HandoffQueue;
import dev.tessera.core.handoff.HandoffState;

/**
 * The console's first page: how the assistants have been doing over the last days.
 */
@Controller
class DashboardController {

	static final int DAY_COLUMN = 44;

	static final int ROUTE_COLUMN = 110;

	private final AuditStatistics statistics;

	private final AssistantCatalog assistants;

	private final HandoffQueue handoffs;

	DashboardController(AuditStatistics statistics, AssistantCatalog assistants, HandoffQueue handoffs) {
		this.statistics = statistics;
		this.assistants = assistants;
		this.handoffs = handoffs;
	}

	@GetMapping("/admin")
	String dashboard(@ModelAttribute("operator") ConsoleOperator operator,
			@RequestParam(required = false) String assistant, @RequestParam(defaultValue = "14") int days,
			Model model) {
		int window = Math.max(1, Math.min(days, 90));
		String selected = assistant == null || assistant.isBlank() ? null : assistant;
		TurnStatistics stats = this.statistics.summarize(operator.tenant(), selected, Duration.ofDays(window));
		DateTimeFormatter dayLabel = DateTimeFormatter.ofPattern("MM-dd");
		List<String> labels = stats.days().stream().map(d -> d.date().format(dayLabel)).toList();
		List<long[]> perDay = stats.days()
			.stream()
			.map(d -> new long[] { d.turns() - d.escalated() - d.handedOff(), d.escalated(), d.handedOff() })
			.toList();
		model.addAttribute("stats", stats);
		model.addAttribute("assistants", this.assistants.all());
		model.addAttribute("selectedAssistant", selected);
		model.addAttribute("days", window);
		model.addAttribute("turnsChart",
				BarChart.stacked(labels, List.of("other", "escalated", "handed-off"), perDay, DAY_COLUMN));
		model.addAttribute("routeChart", BarChart.simple(stats.routes(), "route", ROUTE_COLUMN));
		model.addAttribute("railChart", BarChart.simple(stats.railHits(), "rail", ROUTE_COLUMN));
		Map<String, Long> latency = new LinkedHashMap<>();
		latency.put("p50", stats.latency().p50());
		latency.put("p95", stats.latency().p95());
		latency.put("p99", stats.latency().p99());
		model.addAttribute("latencyChart", BarChart.simple(latency, "latency", ROUTE_COLUMN));
		model.addAttribute("openHandoffs",
				this.handoffs.list(operator.tenant(), java.util.Optional.of(HandoffState.OPEN), 500).size());
		return "console/dashboard";
	}

}
