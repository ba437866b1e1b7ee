package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a GGUF file (versions 2 and 3): metadata, tensor descriptions, and tensor data as float32 (every
 * {@link GgmlType#supported() supported} type) or as the file's own blocks ({@link #blocks}). Each tensor is mapped
 * on its own, so files past 2 GB are read; a tensor whose data lies outside the file, a truncated header or a type
 * the importer does not read fails with a message naming the tensor. Written by hand because no maintained Java GGUF
 * reader is published to Maven Central.
 */
public final class GgufFile {

	private static final int MAGIC = 0x46554747; // "GGUF" little-endian

	private final Path path;

	private final long size;

	private final Map<String, Object> metadata = new LinkedHashMap<>();

	private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();

	private ByteBuffer bytes;

	public GgufFile(Path path) throws IOException {
		this.path = path;
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			this.size = channel.size();
			// the header (metadata with the vocabulary, tensor descriptions) lies well inside the first 2 GB
			this.bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(this.size, Integer.MAX_VALUE))
				.order(ByteOrder.LITTLE_ENDIAN);
		}
		try {
			readHeader();
		}
		catch (BufferUnderflowException | IndexOutOfBoundsException | NegativeArraySizeException ex) {
			throw new IOException(path + " is truncated or corrupt: its header ends before all of its "
					+ this.metadata.size() + "+ metadata entries and " + this.tensors.size()
					+ "+ tensor descriptions were read");
		}
		finally {
			this.bytes = null; // tensors are mapped one at a time
		}
	}

	private void readHeader() throws IOException {
		if (this.bytes.remaining() < 24 || this.bytes.getInt() != MAGIC) {
			throw new IOException(this.path + " is not a GGUF file (no GGUF magic)");
		}
		int version = this.bytes.getInt();
		if (version < 2 || version > 3) {
			throw new IOException(this.path + " has GGUF version " + version + "; versions 2 and 3 are supported");
		}
		long tensorCount = this.bytes.getLong();
		long kvCount = this.bytes.getLong();
		if (tensorCount < 0 || kvCount < 0 || tensorCount > this.size || kvCount > this.size) {
			throw new IOException(this.path + " is corrupt: it declares " + tensorCount + " tensors and " + kvCount
					+ " metadata entries");
		}
		for (long i = 0; i < kvCount; i++) {
			String key = string();
			this.metadata.put(key, value(this.bytes.getInt()));
		}
		List<TensorInfo> infos = new ArrayList<>();
		for (long i = 0; i < tensorCount; i++) {
			String name = string();
			int dims = this.bytes.getInt();
			if (dims < 1 || dims > 4) {
				throw new IOException(this.path + ": tensor '" + name + "' has " + dims + " dimensions");
			}
			long[] shape = new long[dims];
			for (int d = 0; d < dims; d++) {
				shape[d] = this.bytes.getLong();
				if (shape[d] <= 0) {
					throw new IOException(this.path + ": tensor '" + name + "' has dimension " + shape[d]);
				}
			}
			int type = this.bytes.getInt();
			long offset = this.bytes.getLong();
			infos.add(new TensorInfo(name, shape, type, offset));
			this.tensors.put(name, infos.get(infos.size() - 1));
		}
		long alignment = ((Number) this.metadata.getOrDefault("general.alignment", 32)).longValue();
		if (alignment <= 0) {
			throw new IOException(this.path + " has general.alignment " + alignment);
		}
		long dataStart = (this.bytes.position() + alignment - 1) / alignment * alignment;
		this.tensors.clear();
		for (TensorInfo info : infos) {
			this.tensors.put(info.name(), new TensorInfo(info.name(), info.shape(), info.type(), dataStart + info.offset()));
		}
	}

	public Path path() {
		return this.path;
	}

	public Map<String, Object> metadata() {
		return this.metadata;
	}

	public Map<String, TensorInfo> tensors() {
		return this.tensors;
	}

	public int intValue(String key) {
		Object value = this.metadata.get(key);
		if (!(value instanceof Number number)) {
			throw new IllegalArgumentException(this.path + " has no numeric metadata '" + key + "'");
		}
		return number.intValue();
	}

	public float floatValue(String key, float fallback) {
		Object value = this.metadata.get(key);
		return value instanceof Number number ? number.floatValue() : fallback;
	}

	/** The tensor's ggml type; fails naming the tensor when the importer does not read it. */
	public GgmlType type(String name) {
		TensorInfo info = info(name);
		GgmlType type = GgmlType.of(info.type())
			.orElseThrow(() -> new IllegalArgumentException(this.path + ": tensor '" + name
					+ "' has ggml type number " + info.type() + ", which is not a ggml type this importer knows"));
		if (!type.supported()) {
			throw new IllegalArgumentException(this.path + ": tensor '" + name + "' is stored as " + type.label()
					+ ", which the importer does not read; supported types: " + GgmlType.supportedLabels()
					+ " (re-quantize the file with llama.cpp's llama-quantize to one of them)");
		}
		return type;
	}

	/** A tensor as float32, whatever its stored type (ggml's own dequantization). */
	public float[] floats(String name) {
		TensorInfo info = info(name);
		return GgmlBlocks.dequantize(type(name), data(info), Math.toIntExact(info.elements()));
	}

	/**
	 * A matrix tensor as the file's own blocks in MatMulNBits layout, or empty when it is stored as floats. Rows are
	 * GGML's second dimension (the output), columns its first (the input).
	 */
	public java.util.Optional<BlockMatrix> blocks(String name) {
		TensorInfo info = info(name);
		GgmlType type = type(name);
		if (type.floating()) {
			return java.util.Optional.empty();
		}
		if (info.shape().length != 2) {
			throw new IllegalArgumentException(this.path + ": tensor '" + name + "' is not a matrix");
		}
		return java.util.Optional.of(GgmlBlocks.toBlockMatrix(type, data(info), Math.toIntExact(info.shape()[1]),
				Math.toIntExact(info.shape()[0])));
	}

	private TensorInfo info(String name) {
		TensorInfo info = this.tensors.get(name);
		if (info == null) {
			throw new IllegalArgumentException(this.path + " has no tensor '" + name + "'");
		}
		return info;
	}

	/** The tensor's bytes, mapped from the file; fails when they lie outside it. */
	private ByteBuffer data(TensorInfo info) {
		GgmlType type = type(info.name());
		if (info.elements() % type.blockWeights() != 0) {
			throw new IllegalArgumentException(this.path + ": tensor '" + info.name() + "' has " + info.elements()
					+ " weights, not a whole number of " + type.label() + " blocks");
		}
		long length = type.bytesFor(info.elements());
		if (info.offset() < 0 || info.offset() + length > this.size) {
			throw new IllegalArgumentException(this.path + ": the data of tensor '" + info.name() + "' (" + length
					+ " bytes at offset " + info.offset() + ") lies outside the file (" + this.size
					+ " bytes): the file is truncated or corrupt");
		}
		if (length > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(this.path + ": tensor '" + info.name() + "' is larger than 2 GB");
		}
		try (FileChannel channel = FileChannel.open(this.path, StandardOpenOption.READ)) {
			return channel.map(FileChannel.MapMode.READ_ONLY, info.offset(), length).order(ByteOrder.LITTLE_ENDIAN);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(this.path + ": reading tensor '" + info.name() + "'", ex);
		}
	}

	private String string() {
		long length = this.bytes.getLong();
		if (length < 0 || length > this.bytes.remaining()) {
			throw new BufferUnderflowException();
		}
		byte[] raw = new byte[(int) length];
		this.bytes.get(raw);
		return new String(raw, StandardCharsets.UTF_8);
	}

	private Object value(int type) {
		return switch (type) {
			case 0 -> Byte.toUnsignedInt(this.bytes.get());
			case 1 -> (int) this.bytes.get();
			case 2 -> Short.toUnsignedInt(this.bytes.getShort());
			case 3 -> (int) this.bytes.getShort();
			case 4 -> Integer.toUnsignedLong(this.bytes.getInt());
			case 5 -> this.bytes.getInt();
			case 6 -> this.bytes.getFloat();
			case 7 -> this.bytes.get() != 0;
			case 8 -> string();
			case 9 -> {
				int itemType = this.bytes.getInt();
				long length = this.bytes.getLong();
				if (length < 0 || length > this.bytes.remaining()) {
					throw new BufferUnderflowException();
				}
				List<Object> items = new ArrayList<>((int) length);
				for (long i = 0; i < length; i++) {
					items.add(value(itemType));
				}
				yield items;
			}
			case 10 -> this.bytes.getLong();
			case 11 -> this.bytes.getLong();
			case 12 -> this.bytes.getDouble();
			default -> throw new IllegalArgumentException(this.path + " has an unknown metadata value type " + type);
		};
	}

	/**
	 * @param shape GGML order: {@code shape[0]} varies fastest, so a row-major {@code [out, in]} matrix is
	 * {@code [in, out]}
	 * @param offset absolute byte offset of the data in the file
	 */
	public record TensorInfo(String name, long[] shape, int type, long offset) {

		public long elements() {
			long n = 1;
			for (long d : this.shape) {
				n *= d;
			}
			return n;
		}

	}

}
