package dev.tessera.bench.load;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import dev.tessera.bench.BenchCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadCommandTest {

	@Test
	void reads_the_usual_duration_spellings() {
		DurationConverter converter = new DurationConverter();

		assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
		assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("'soon' is not a duration");
	}

	@Test
	void refuses_to_send_load_anywhere_but_loopback() {
		StringWriter err = new StringWriter();
		CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));

		int exit = command.execute("load", "--url", "http://192.168.1.10:8080", "--duration", "1s");

		assertThat(exit).isEqualTo(2);
	}

}
