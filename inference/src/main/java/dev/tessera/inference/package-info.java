/**
 * The embedded inference backend: ONNX Runtime encoders and decoders, tokenizers, model import and registry, and the
 * Spring AI {@code EmbeddingModel} / {@code ChatModel} adapters over them. Knows nothing of domains, HTTP or
 * databases.
 */
package dev.tessera.inference;
