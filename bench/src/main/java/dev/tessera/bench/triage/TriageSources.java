package dev.tessera.bench.triage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

import dev.tessera.inference.encoder.TextEmbedder;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

import dev.tessera.domains.triage.AcuityTrainer;
import dev.tessera.domains.triage.AcuityTrainer.Case;
import dev.tessera.domains.triage.UrgencyLevel;

/** The options that name labelled triage files, shared by the triage commands. */
final class TriageSources {

	static final String KTAS_ESI_MAP = "1=emergency,2=emergency,3=urgent,4=routine,5=self-care";

	@Option(names = "--source", required = true,
			description = "NAME=PATH of a labelled CSV (repeat for several), e.g. ktas=../shared/data/triage/ktas_train.csv")
	List<String> specs;

	@Option(names = "--text-col", defaultValue = TriageCases.DEFAULT_TEXT_COLUMNS,
			description = "Candidate text columns, first present wins (default: ${DEFAULT-VALUE}).")
	String textColumns;

	@Option(names = "--label-col", defaultValue = TriageCases.DEFAULT_LABEL_COLUMNS,
			description = "Candidate label columns (default: ${DEFAULT-VALUE}).")
	String labelColumns;

	@Option(names = "--label-map", defaultValue = KTAS_ESI_MAP,
			description = "Label to level (default: ${DEFAULT-VALUE}); empty: the labels are level names.")
	String labelMap;

	@Option(names = "--max-under-triage", defaultValue = "0.04",
			description = "Most out-of-fold emergencies the operating point may under-triage (default: ${DEFAULT-VALUE}).")
	double maxUnderTriage;

	/** The trainer's options with {@code --max-under-triage}. */
	AcuityTrainer.Options trainerOptions() {
		AcuityTrainer.Options defaults = AcuityTrainer.Options.defaults();
		return new AcuityTrainer.Options(defaults.cost(), defaults.folds(), this.maxUnderTriage, defaults.minRecall(),
				defaults.seed());
	}

	@Option(names = "--encoder", defaultValue = "none",
			description = "Encoder whose vector of the complaint joins the model's features: none, fp32 or int8"
					+ " (all-MiniLM-L6-v2; default: ${DEFAULT-VALUE}).")
	String encoder;

	/** The encoder {@code --encoder} names, or {@code null} for none; the caller closes it. */
	SentenceEncoder openEncoder() {
		return open(this.encoder);
	}

	/** The bundled encoder by option value or by the name a model file records; {@code null} for none. */
	static SentenceEncoder open(String name) {
		return switch (name) {
			case "none" -> null;
			case "fp32", "all-minilm-l6-v2" -> SentenceEncoder.allMiniLmL6V2(false, 0, gate());
			case "int8", "all-minilm-l6-v2-q" -> SentenceEncoder.allMiniLmL6V2(true, 0, gate());
			default -> throw new IllegalArgumentException("--encoder is none, fp32 or int8, not '" + name + "'");
		};
	}

	private static ConcurrencyGate gate() {
		return new ConcurrencyGate("triage", 1, 0, Duration.ofSeconds(1));
	}

	static TextEmbedder embedder(SentenceEncoder encoder) {
		return encoder == null ? null : encoder;
	}

	/** Cases by source name, in the order given. */
	Map<String, List<Case>> read() throws Exception {
		Map<String, UrgencyLevel> mapping = TriageCommand.parseLabelMap(this.labelMap);
		Map<String, List<Case>> bySource = new LinkedHashMap<>();
		for (Map.Entry<String, Path> source : TriageCases.sources(this.specs).entrySet()) {
			bySource.put(source.getKey(), TriageCases.read(source.getKey(), source.getValue(), this.textColumns,
					this.labelColumns, mapping));
		}
		return bySource;
	}

	static List<Case> all(Map<String, List<Case>> bySource) {
		List<Case> all = new ArrayList<>();
		bySource.values().forEach(all::addAll);
		return all;
	}

}
