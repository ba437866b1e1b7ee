package dev.tessera.server.plugin.library;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.autoconfigure.web.ApiCaller;
import dev.tessera.autoconfigure.web.BadRequestException;

/**
 * The library plug-in's own HTTP API: loans are read by card, and a catalogue is imported as one upload. It knows
 * callers only through {@link ApiCaller} and reports bad input with the starter's {@link BadRequestException}.
 */
@RestController
@RequestMapping(LoansController.PATH)
public class LoansController {

	static final String PATH = "/api/v1/library/loans";

	private final JdbcClient jdbc;

	private final ApiCaller caller;

	public LoansController(DataSource dataSource, ApiCaller caller) {
		this.jdbc = JdbcClient.create(dataSource);
		this.caller = caller;
	}

	@GetMapping
	Map<String, Object> loans(@RequestParam String card) {
		if (!card.matches("L\\d{4}")) {
			throw new BadRequestException("a library card is L and four digits, got '" + card + "'");
		}
		List<String> titles = this.jdbc.sql("SELECT title FROM test_library_loan WHERE card = ?")
			.param(card)
			.query(String.class)
			.list();
		return Map.of("tenant", this.caller.tenant(), "actor", this.caller.actor(), "titles", titles);
	}

	@PostMapping(consumes = "text/plain")
	Map<String, Object> importCatalogue(@RequestBody String catalogue) {
		return Map.of("actor", this.caller.actor(), "lines", catalogue.lines().count());
	}

}
