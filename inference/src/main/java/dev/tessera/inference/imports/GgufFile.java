package dev.tessera.inference.imports;

import java.io.IOException;
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
 * Reads a GGUF file (versions 2 and 3): metadata, tensor descriptions, and F32 or F16 tensor data as float32.
 * Written by hand because no maintained Java GGUF reader is published to Maven Central.
 */
public final class GgufFile {

	private static final int MAGIC = 0x46554747; // "GGUF" little-endian

	private static final int TYPE_F32 = 0;

	private static final int TYPE_F16 = 1;

	private final Path path;

	private final ByteBuffer bytes;

	private final Map<String, Object> metadata = new LinkedHashMap<>();

	private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();

	public GgufFile(Path path) throws IOException {
		this.path = path;
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			this.bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
		}
		if (this.bytes.remaining() < 24 || this.bytes.getInt() != MAGIC) {
			throw new IOException(path + " is not a GGUF file (no GGUF magic)");
		}
		int version = this.bytes.getInt();
		if (version < 2 || version > 3) {
			throw new IOException(path + " has GGUF version " + version + "; versions 2 and 3 are supported");
		}
		long tensorCount = this.bytes.getLong();
		long kvCount = this.bytes.getLong();
		for (long i = 0; i < kvCount; i++) {
			String key = string();
			this.metadata.put(key, value(this.bytes.getInt()));
		}
		List<TensorInfo> infos = new ArrayList<>();
		for (long i = 0; i < tensorCount; i++) {
			String name = string();
			int dims = this.bytes.getInt();
			long[] shape = new long[dims];
			for (int d = 0; d < dims; d++) {
				shape[d] = this.bytes.getLong();
			}
			int type = this.bytes.getInt();
			long offset = this.bytes.getLong();
			infos.add(new TensorInfo(name, shape, type, offset));
		}
		long alignment = ((Number) this.metadata.getOrDefault("general.alignment", 32)).longValue();
		long dataStart = (this.bytes.position() + alignment - 1) / alignment * alignment;
		for (TensorInfo info : infos) {
			this.tensors.put(info.name(), new TensorInfo(info.name(), info.shape(), info.type(), dataStart + info.offset()));
		}
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

	/** A tensor as float32, whatever its stored precision (F32 or F16). */
	public float[] floats(String name) {
		TensorInfo info = this.tensors.get(name);
		if (info == null) {
			throw new IllegalArgumentException(this.path + " has no tensor '" + name + "'");
		}
		int count = Math.toIntExact(info.elements());
		float[] out = new float[count];
		ByteBuffer data = this.bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		data.position(Math.toIntExact(info.offset()));
		switch (info.type()) {
			case TYPE_F32 -> data.asFloatBuffer().get(out);
			case TYPE_F16 -> {
				var halves = data.asShortBuffer();
				for (int i = 0; i < count; i++) {
					out[i] = Float.float16ToFloat(halves.get(i));
				}
			}
			default -> throw new IllegalArgumentException(this.path + ": tensor '" + name + "' has GGML type "
					+ info.type() + "; only F32 (0) and F16 (1) are supported");
		}
		return out;
	}

	private String string() {
		long length = this.bytes.getLong();
		byte[] raw = new byte[Math.toIntExact(length)];
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
				List<Object> items = new ArrayList<>(Math.toIntExact(length));
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
