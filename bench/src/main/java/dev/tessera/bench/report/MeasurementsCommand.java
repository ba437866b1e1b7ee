package dev.tessera.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Regenerates the measurements page from the bench's reports: every block of the page between
 * {@code <!-- bench:NAME -->} and {@code <!-- /bench -->} is replaced by the Markdown summary of the report
 * {@code NAME} ({@code NAME.md} in the reports folder, written by the command that measured it), with the report's
 * date; {@code <!-- bench:NAME summary -->} takes only the report's opening, up to its first {@code ###} section.
 * Blocks whose report is not there are left as they are and listed, so a partial run never erases a figure.
 */
@Command(name = "measurements", mixinStandardHelpOptions = true,
		description = "Regenerates docs/measurements.md from the reports the bench commands wrote.")
public class MeasurementsCommand implements Callable<Integer> {

	private static final Pattern BLOCK = Pattern
		.compile("(<!-- bench:([a-z0-9][a-z0-9._-]*)( summary)? -->\\n)(.*?)(<!-- /bench -->)", Pattern.DOTALL);

	@Option(names = "--page", description = "The page to regenerate (default: ${DEFAULT-VALUE}).",
			defaultValue = "docs/measurements.md")
	Path page;

	@Option(names = "--reports", description = "Where the bench commands wrote their reports (default: ${DEFAULT-VALUE}).",
			defaultValue = "bench/target/reports")
	Path reports;

	/** What regenerating the page did. */
	record Outcome(String page, List<String> refreshed, List<String> missing) {
	}

	@Override
	public Integer call() throws IOException {
		Outcome outcome = regenerate(this.page, this.reports);
		System.out.println("Refreshed from reports: " + (outcome.refreshed().isEmpty() ? "none" : outcome.refreshed()));
		System.out.println("Left as they were (no report in " + this.reports + "): "
				+ (outcome.missing().isEmpty() ? "none" : outcome.missing()));
		return 0;
	}

	static Outcome regenerate(Path page, Path reports) throws IOException {
		String text = Files.readString(page);
		Matcher block = BLOCK.matcher(text);
		StringBuilder out = new StringBuilder();
		List<String> refreshed = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		while (block.find()) {
			String name = block.group(2);
			Path report = reports.resolve(name + ".md");
			String body;
			if (Files.isRegularFile(report)) {
				FileTime written = Files.getLastModifiedTime(report);
				String summary = Files.readString(report).strip();
				int section = summary.indexOf("\n### ");
				if (block.group(3) != null && section > 0) {
					summary = summary.substring(0, section).strip();
				}
				body = summary + "\n\n_From the `" + name + "` report of "
						+ DateTimeFormatter.ISO_LOCAL_DATE.format(written.toInstant().atOffset(ZoneOffset.UTC)) + "._\n";
				refreshed.add(name);
			}
			else {
				body = block.group(4);
				missing.add(name);
			}
			block.appendReplacement(out, Matcher.quoteReplacement(block.group(1) + body + block.group(5)));
		}
		block.appendTail(out);
		Files.writeString(page, out.toString());
		return new Outcome(page.toString(), refreshed, missing);
	}

}
