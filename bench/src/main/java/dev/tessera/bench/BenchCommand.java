package dev.tessera.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import dev.tessera.bench.heads.ClassifyCommand;
import dev.tessera.bench.inference.DecodeThroughputCommand;
import dev.tessera.bench.inference.EmbedThroughputCommand;
import dev.tessera.bench.inference.GenerateCommand;
import dev.tessera.bench.inference.ImportCommand;
import dev.tessera.bench.load.LoadCommand;
import dev.tessera.bench.retrieval.RetrievalCommand;
import dev.tessera.bench.retrieval.RetrievalLoadCommand;
import dev.tessera.bench.route.RouteCommand;
import dev.tessera.bench.triage.TriageCommand;
import dev.tessera.bench.triage.TriageCrossValidationCommand;
import dev.tessera.bench.triage.TriageTrainCommand;

/**
 * {@code java -jar tessera-bench.jar <command> [options]}: each command measures one thing, writes a JSON report and
 * prints a Markdown summary.
 */
@Command(name = "tessera-bench", mixinStandardHelpOptions = true, subcommands = { LoadCommand.class, dev.tessera.bench.conversations.ConversationsCommand.class, ImportCommand.class, dev.tessera.bench.inference.WriteGgufCommand.class, GenerateCommand.class,
		EmbedThroughputCommand.class, DecodeThroughputCommand.class, RetrievalCommand.class,
		RetrievalLoadCommand.class, RouteCommand.class, ClassifyCommand.class, dev.tessera.bench.contracts.ClausesCommand.class,
		TriageCommand.class, TriageCrossValidationCommand.class, TriageTrainCommand.class,
		dev.tessera.bench.rails.PiiCommand.class, dev.tessera.bench.rails.InjectionCommand.class, dev.tessera.bench.rails.TrainInjectionCommand.class, dev.tessera.bench.rails.RailsLatencyCommand.class,
		dev.tessera.bench.rails.GroundingCommand.class, dev.tessera.bench.rails.ScopeCommand.class,
		dev.tessera.bench.rails.AbuseCommand.class, dev.tessera.bench.rails.LanguageCommand.class, dev.tessera.bench.rails.InjectionSourcesCommand.class, dev.tessera.bench.rails.SynthPhonesCommand.class, dev.tessera.bench.report.MeasurementsCommand.class, dev.tessera.bench.learn.LearnCommand.class },
		description = "Measures Tessera: each command writes a JSON report and prints a Markdown summary.")
public class BenchCommand implements Runnable {

	public static void main(String[] args) {
		System.exit(new CommandLine(new BenchCommand()).setExecutionExceptionHandler((ex, command, parsed) -> {
			// a failed measurement says why in one line; the stack trace helps nobody running a bench
			command.getErr()
				.println("error: " + (ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName()));
			return 1;
		}).execute(args));
	}

	@Override
	public void run() {
		new CommandLine(this).usage(System.out);
	}

}
