package dev.tessera.retrieval.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.lucene.util.BytesRef;

import dev.tessera.retrieval.KnowledgeChunk;

/**
 * A chunk (without its embedding, which lives in the vector field) as the bytes of one Lucene doc value. Strings are
 * length-prefixed UTF-8, because {@code DataOutput.writeUTF} stops at 64 KB.
 */
final class ChunkPayload {

	private static final int VERSION = 1;

	private ChunkPayload() {
	}

	static byte[] write(KnowledgeChunk chunk) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + chunk.text().length());
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			for (String value : new String[] { chunk.tenant(), chunk.collection(), chunk.documentId(),
					chunk.documentTitle(), chunk.section(), chunk.text() }) {
				writeString(out, value);
			}
			out.writeInt(chunk.start());
			out.writeInt(chunk.end());
			out.writeInt(chunk.metadata().size());
			for (Map.Entry<String, String> entry : chunk.metadata().entrySet()) {
				writeString(out, entry.getKey());
				writeString(out, entry.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static KnowledgeChunk read(BytesRef value) {
		try (DataInputStream in = new DataInputStream(
				new ByteArrayInputStream(value.bytes, value.offset, value.length))) {
			int version = in.readUnsignedByte();
			if (version != VERSION) {
				throw new IllegalStateException("unknown chunk payload version " + version + "; re-index the collection");
			}
			String tenant = readString(in);
			String collection = readString(in);
			String documentId = readString(in);
			String title = readString(in);
			String section = readString(in);
			String text = readString(in);
			int start = in.readInt();
			int end = in.readInt();
			int entries = in.readInt();
			Map<String, String> metadata = new LinkedHashMap<>();
			for (int i = 0; i < entries; i++) {
				metadata.put(readString(in), readString(in));
			}
			return new KnowledgeChunk(tenant, collection, documentId, title, section, text, start, end, metadata, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	private static String readString(DataInputStream in) throws IOException {
		byte[] utf8 = new byte[in.readInt()];
		in.readFully(utf8);
		return new String(utf8, StandardCharsets.UTF_8);
	}

}
