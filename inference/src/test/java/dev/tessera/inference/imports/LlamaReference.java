package dev.tessera.inference.imports;

import dev.tessera.inference.imports.LlamaWeights.Projection;

/**
 * A naive, obviously-correct forward pass of the llama family in plain Java, one token at a time: the reference the
 * ONNX graphs are tested against. It starts from llama2.c's {@code forward} and adds, as each architecture's
 * published definition has it: projection biases (Qwen2, StableLM), LayerNorm with bias (StableLM), rotation of
 * halves and partial rotary (GPT-NeoX style: Qwen2, Phi-3, Gemma 2, StableLM), Llama 3's frequency factors, sliding
 * windows (Mistral, Phi-3; Gemma 2 on even layers), Gemma 2's embedding scale, post-norms, GeGLU and soft-capping.
 */
final class LlamaReference {

	private final LlamaConfig c;

	private final Architecture arch;

	private final LlamaWeights w;

	private final float[] embedding;

	private final float[][][] projections;

	private final float[][] keyCache;

	private final float[][] valueCache;

	private final float[] ropeFactors;

	LlamaReference(LlamaWeights w, int maxPositions) {
		this.c = w.config();
		this.arch = this.c.architecture();
		this.w = w;
		int layers = this.c.layers();
		this.embedding = w.tokenEmbedding();
		this.projections = new float[layers][Projection.values().length][];
		for (int l = 0; l < layers; l++) {
			for (Projection p : Projection.values()) {
				if (p != Projection.CLASSIFIER) {
					this.projections[l][p.ordinal()] = w.floats(p, l);
				}
			}
		}
		this.ropeFactors = w.ropeFrequencyFactors();
		this.keyCache = new float[layers][maxPositions * this.c.kvDim()];
		this.valueCache = new float[layers][maxPositions * this.c.kvDim()];
	}

	private float[] project(int layer, Projection p, float[] x, int rows, int columns) {
		float[] out = matmul(this.projections[layer][p.ordinal()], x, rows, columns);
		float[] bias = this.w.bias(p, layer);
		if (bias != null) {
			for (int i = 0; i < rows; i++) {
				out[i] += bias[i];
			}
		}
		return out;
	}

	float[] forward(int token, int pos) {
		int dim = this.c.dim();
		int kvDim = this.c.kvDim();
		int hs = this.c.headSize();
		int kvMul = this.c.heads() / this.c.kvHeads();
		float[] x = new float[dim];
		System.arraycopy(this.embedding, token * dim, x, 0, dim);
		for (int i = 0; i < dim; i++) {
			x[i] *= this.arch.embeddingScale();
		}
		for (int l = 0; l < this.c.layers(); l++) {
			float[] xb = norm(x, this.w.attentionNorm(l), this.w.attentionNormBias(l));
			float[] q = project(l, Projection.Q, xb, this.c.qDim(), dim);
			float[] k = project(l, Projection.K, xb, kvDim, dim);
			float[] v = project(l, Projection.V, xb, kvDim, dim);
			for (int h = 0; h < this.c.heads(); h++) {
				rope(q, h * hs, pos);
			}
			for (int h = 0; h < this.c.kvHeads(); h++) {
				rope(k, h * hs, pos);
			}
			System.arraycopy(k, 0, this.keyCache[l], pos * kvDim, kvDim);
			System.arraycopy(v, 0, this.valueCache[l], pos * kvDim, kvDim);
			// a sliding layer sees its own position and the window - 1 before it
			int first = this.arch.slides(l) ? Math.max(0, pos - this.arch.slidingWindow() + 1) : 0;
			float[] out = new float[this.c.qDim()];
			for (int h = 0; h < this.c.heads(); h++) {
				int kvHead = h / kvMul;
				float[] att = new float[pos + 1];
				float max = Float.NEGATIVE_INFINITY;
				for (int t = first; t <= pos; t++) {
					float score = 0;
					for (int i = 0; i < hs; i++) {
						score += q[h * hs + i] * this.keyCache[l][t * kvDim + kvHead * hs + i];
					}
					score = (float) (score * this.arch.attentionScale(hs));
					if (this.arch.attentionSoftCap() > 0) {
						score = (float) (this.arch.attentionSoftCap() * Math.tanh(score / this.arch.attentionSoftCap()));
					}
					att[t] = score;
					max = Math.max(max, att[t]);
				}
				float sum = 0;
				for (int t = first; t <= pos; t++) {
					att[t] = (float) Math.exp(att[t] - max);
					sum += att[t];
				}
				for (int t = first; t <= pos; t++) {
					float a = att[t] / sum;
					for (int i = 0; i < hs; i++) {
						out[h * hs + i] += a * this.valueCache[l][t * kvDim + kvHead * hs + i];
					}
				}
			}
			float[] attended = project(l, Projection.O, out, dim, this.c.qDim());
			if (this.w.postAttentionNorm(l) != null) {
				attended = rmsnorm(attended, this.w.postAttentionNorm(l));
			}
			for (int i = 0; i < dim; i++) {
				x[i] += attended[i];
			}
			xb = norm(x, this.w.ffnNorm(l), this.w.ffnNormBias(l));
			float[] gate = project(l, Projection.GATE, xb, this.c.hiddenDim(), dim);
			float[] up = project(l, Projection.UP, xb, this.c.hiddenDim(), dim);
			for (int i = 0; i < gate.length; i++) {
				gate[i] = activation(gate[i]) * up[i];
			}
			float[] down = project(l, Projection.DOWN, gate, dim, this.c.hiddenDim());
			if (this.w.postFfnNorm(l) != null) {
				down = rmsnorm(down, this.w.postFfnNorm(l));
			}
			for (int i = 0; i < dim; i++) {
				x[i] += down[i];
			}
		}
		float[] logits = matmul(this.w.floats(Projection.CLASSIFIER, -1),
				norm(x, this.w.finalNorm(), this.w.finalNormBias()), this.c.vocabSize(), dim);
		if (this.arch.finalSoftCap() > 0) {
			for (int i = 0; i < logits.length; i++) {
				logits[i] = (float) (this.arch.finalSoftCap() * Math.tanh(logits[i] / this.arch.finalSoftCap()));
			}
		}
		return logits;
	}

	private float activation(float x) {
		if (this.arch.activation() == Architecture.Activation.SILU) {
			return x / (1f + (float) Math.exp(-x));
		}
		return (float) (0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
	}

	/** Rotates the head starting at {@code offset} by the position's angles. */
	private void rope(float[] vector, int offset, int pos) {
		int rotating = this.arch.rotaryDimensions(this.c.headSize());
		for (int pair = 0; pair < rotating / 2; pair++) {
			double freq = 1.0 / Math.pow(this.c.ropeTheta(), 2.0 * pair / rotating);
			if (this.ropeFactors != null) {
				freq /= this.ropeFactors[pair]; // Llama 3's per-pair frequency divisors
			}
			double angle = pos * freq;
			float fcr = (float) (Math.cos(angle) * this.w.ropeAttentionFactor());
			float fci = (float) (Math.sin(angle) * this.w.ropeAttentionFactor());
			int a = this.arch.rotary() == Architecture.RotaryLayout.INTERLEAVED ? offset + 2 * pair : offset + pair;
			int b = this.arch.rotary() == Architecture.RotaryLayout.INTERLEAVED ? a + 1 : a + rotating / 2;
			float v0 = vector[a];
			float v1 = vector[b];
			vector[a] = v0 * fcr - v1 * fci;
			vector[b] = v0 * fci + v1 * fcr;
		}
	}

	private float[] norm(float[] x, float[] weight, float[] bias) {
		if (this.arch.norm() == Architecture.Norm.RMS) {
			return rmsnorm(x, weight);
		}
		double mean = 0;
		for (float v : x) {
			mean += v;
		}
		mean /= x.length;
		double variance = 0;
		for (float v : x) {
			variance += (v - mean) * (v - mean);
		}
		variance /= x.length;
		float scale = (float) (1.0 / Math.sqrt(variance + this.c.rmsEps()));
		float[] out = new float[x.length];
		for (int i = 0; i < x.length; i++) {
			out[i] = (float) ((x[i] - mean) * scale * weight[i] + (bias == null ? 0 : bias[i]));
		}
		return out;
	}

	private float[] rmsnorm(float[] x, float[] weight) {
		double ss = 0;
		for (float v : x) {
			ss += v * v;
		}
		float scale = (float) (1.0 / Math.sqrt(ss / x.length + this.c.rmsEps()));
		float[] out = new float[x.length];
		for (int i = 0; i < x.length; i++) {
			out[i] = weight[i] * (scale * x[i]);
		}
		return out;
	}

	/** W (rows, columns) row-major times x (columns). */
	private static float[] matmul(float[] w, float[] x, int rows, int columns) {
		float[] out = new float[rows];
		for (int r = 0; r < rows; r++) {
			double sum = 0;
			for (int col = 0; col < columns; col++) {
				sum += w[r * columns + col] * x[col];
			}
			out[r] = (float) sum;
		}
		return out;
	}

}
