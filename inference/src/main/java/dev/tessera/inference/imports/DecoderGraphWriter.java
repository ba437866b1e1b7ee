package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a llama-architecture decoder as an ONNX graph in the Optimum decoder layout. {@link LlamaOnnxWriter} uses
 * plain operators and is the reference; {@link FusedLlamaOnnxWriter} uses ONNX Runtime's fused contrib operators for
 * speed.
 */
public interface DecoderGraphWriter {

	LlamaOnnxWriter.Summary write(LlamaWeights weights, Path modelFile, boolean externalData, WeightFormat format)
			throws IOException;

	/** The fastest writer that supports the shape: fused attention needs a head size that is a multiple of 16. */
	static DecoderGraphWriter fastestFor(LlamaConfig config) {
		return FusedLlamaOnnxWriter.supports(config) ? new FusedLlamaOnnxWriter() : new LlamaOnnxWriter();
	}

}
