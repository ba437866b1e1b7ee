package dev.tessera.inference.imports;

/**
 * A naive, obviously-correct llama forward pass in plain Java (a port of llama2.c's {@code forward}), one token at a
 * time: the reference the ONNX graph is tested against.
 */
final class LlamaReference {

	private final LlamaConfig c;

	private final float[] embedding;

	private final float[][] attNorm;

	private final float[][] wq;

	private final float[][] wk;

	private final float[][] wv;

	private final float[][] wo;

	private final float[][] ffnNorm;

	private final float[][] w1;

	private final float[][] w2;

	private final float[][] w3;

	private final float[] finalNorm;

	private final float[] classifier;

	private final float[][] keyCache;

	private final float[] ropeFactors;

	private final float[][] valueCache;

	LlamaReference(LlamaWeights w, int maxPositions) {
		this.c = w.config();
		int layers = this.c.layers();
		this.embedding = w.tokenEmbedding();
		this.attNorm = new float[layers][];
		this.wq = new float[layers][];
		this.wk = new float[layers][];
		this.wv = new float[layers][];
		this.wo = new float[layers][];
		this.ffnNorm = new float[layers][];
		this.w1 = new float[layers][];
		this.w2 = new float[layers][];
		this.w3 = new float[layers][];
		for (int l = 0; l < layers; l++) {
			this.attNorm[l] = w.attentionNorm(l);
			this.wq[l] = w.wq(l);
			this.wk[l] = w.wk(l);
			this.wv[l] = w.wv(l);
			this.wo[l] = w.wo(l);
			this.ffnNorm[l] = w.ffnNorm(l);
			this.w1[l] = w.w1(l);
			this.w2[l] = w.w2(l);
			this.w3[l] = w.w3(l);
		}
		this.finalNorm = w.finalNorm();
		this.ropeFactors = w.ropeFrequencyFactors();
		this.classifier = w.classifier();
		this.keyCache = new float[layers][maxPositions * this.c.kvDim()];
		this.valueCache = new float[layers][maxPositions * this.c.kvDim()];
	}

	float[] forward(int token, int pos) {
		int dim = this.c.dim();
		int kvDim = this.c.kvDim();
		int hs = this.c.headSize();
		int kvMul = this.c.heads() / this.c.kvHeads();
		float[] x = new float[dim];
		System.arraycopy(this.embedding, token * dim, x, 0, dim);
		for (int l = 0; l < this.c.layers(); l++) {
			float[] xb = rmsnorm(x, this.attNorm[l]);
			float[] q = matmul(this.wq[l], xb, dim, dim);
			float[] k = matmul(this.wk[l], xb, kvDim, dim);
			float[] v = matmul(this.wv[l], xb, kvDim, dim);
			for (int i = 0; i < dim; i += 2) {
				int headDim = i % hs;
				double freq = 1.0 / Math.pow(this.c.ropeTheta(), headDim / (double) hs);
				if (this.ropeFactors != null) {
					freq /= this.ropeFactors[headDim / 2]; // Llama 3's per-pair frequency divisors
				}
				double angle = pos * freq;
				float fcr = (float) Math.cos(angle);
				float fci = (float) Math.sin(angle);
				rotate(q, i, fcr, fci);
				if (i < kvDim) {
					rotate(k, i, fcr, fci);
				}
			}
			System.arraycopy(k, 0, this.keyCache[l], pos * kvDim, kvDim);
			System.arraycopy(v, 0, this.valueCache[l], pos * kvDim, kvDim);
			float[] out = new float[dim];
			for (int h = 0; h < this.c.heads(); h++) {
				int kvHead = h / kvMul;
				float[] att = new float[pos + 1];
				float max = Float.NEGATIVE_INFINITY;
				for (int t = 0; t <= pos; t++) {
					float score = 0;
					for (int i = 0; i < hs; i++) {
						score += q[h * hs + i] * this.keyCache[l][t * kvDim + kvHead * hs + i];
					}
					att[t] = (float) (score / Math.sqrt(hs));
					max = Math.max(max, att[t]);
				}
				float sum = 0;
				for (int t = 0; t <= pos; t++) {
					att[t] = (float) Math.exp(att[t] - max);
					sum += att[t];
				}
				for (int t = 0; t <= pos; t++) {
					float a = att[t] / sum;
					for (int i = 0; i < hs; i++) {
						out[h * hs + i] += a * this.valueCache[l][t * kvDim + kvHead * hs + i];
					}
				}
			}
			float[] attended = matmul(this.wo[l], out, dim, dim);
			for (int i = 0; i < dim; i++) {
				x[i] += attended[i];
			}
			xb = rmsnorm(x, this.ffnNorm[l]);
			float[] gate = matmul(this.w1[l], xb, this.c.hiddenDim(), dim);
			float[] up = matmul(this.w3[l], xb, this.c.hiddenDim(), dim);
			for (int i = 0; i < gate.length; i++) {
				gate[i] = gate[i] / (1f + (float) Math.exp(-gate[i])) * up[i];
			}
			float[] down = matmul(this.w2[l], gate, dim, this.c.hiddenDim());
			for (int i = 0; i < dim; i++) {
				x[i] += down[i];
			}
		}
		return matmul(this.classifier, rmsnorm(x, this.finalNorm), this.c.vocabSize(), dim);
	}

	private static void rotate(float[] vector, int i, float fcr, float fci) {
		float v0 = vector[i];
		float v1 = vector[i + 1];
		vector[i] = v0 * fcr - v1 * fci;
		vector[i + 1] = v0 * fci + v1 * fcr;
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
