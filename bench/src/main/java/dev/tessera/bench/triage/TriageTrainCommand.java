package dev.tessera.bench.triage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.domains.triage.AcuityTrainer;
import dev.tessera.domains.triage.AcuityTrainer.Case;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Trains the triage acuity model on labelled files and writes it, with its operating point and the out-of-fold
 * figures that chose it, where the medical-triage pack reads it.
 */
@Command(name = "triage-train", mixinStandardHelpOptions = true,
		description = "Train the triage acuity model on labelled CSVs and write acuity-model.json.")
public class TriageTrainCommand implements Callable<Integer> {

	@Mixin
	TriageSources sources = new TriageSources();

	@Option(names = "--out", defaultValue = "domains/src/main/resources/tessera/packs/medical-triage/acuity-model.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		Map<String, List<Case>> bySource = this.sources.read();
		String version = "acuity-" + LocalDate.now() + "-" + String.join("+", bySource.keySet());
		AcuityTrainer.Trained trained;
		try (SentenceEncoder encoder = this.sources.openEncoder()) {
			AcuityTrainer trainer = new AcuityTrainer(this.sources.trainerOptions(), TriageSources.embedder(encoder));
			trained = trainer.train(TriageSources.all(bySource), version);
		}
		if (this.out.getParent() != null) {
			Files.createDirectories(this.out.getParent());
		}
		JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		Files.writeString(this.out, json.writeValueAsString(trained.document()) + "\n");
		System.out.println("wrote " + this.out + ": " + version + ", operating point "
				+ trained.document().get("operatingPoint") + ", out of fold " + trained.document().get("outOfFold"));
		return 0;
	}

}
