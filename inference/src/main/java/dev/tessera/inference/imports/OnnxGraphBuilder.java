package dev.tessera.inference.imports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

/**
 * Builds an ONNX graph with the ONNX protobuf classes: nodes, initializers (inline, or streamed to an external data
 * file for models past protobuf's 2 GB limit) and typed inputs and outputs.
 */
final class OnnxGraphBuilder implements AutoCloseable {

	static final int OPSET = 17;

	private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();

	private final OutputStream externalData;

	private final String externalDataName;

	private long externalOffset;

	private int counter;

	private final java.util.Set<String> initializers = new java.util.HashSet<>();

	/**
	 * @param externalDataFile where large initializers go, or {@code null} to keep everything inside the model
	 */
	OnnxGraphBuilder(String name, Path externalDataFile) throws IOException {
		this.graph.setName(name);
		this.externalData = externalDataFile == null ? null
				: new java.io.BufferedOutputStream(Files.newOutputStream(externalDataFile), 1 << 20);
		this.externalDataName = externalDataFile == null ? null : externalDataFile.getFileName().toString();
	}

	/** A fresh value name with the prefix. */
	String name(String prefix) {
		return prefix + "_" + (this.counter++);
	}

	/** Adds a node and returns its (single) output name. */
	String node(String op, List<String> inputs, OnnxMl.AttributeProto... attributes) {
		String output = name(op);
		node(op, inputs, List.of(output), attributes);
		return output;
	}

	void node(String op, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
		OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
			.setOpType(op)
			.setName(name(op + "_node"))
			.addAllInput(inputs)
			.addAllOutput(outputs);
		for (OnnxMl.AttributeProto attribute : attributes) {
			node.addAttribute(attribute);
		}
		this.graph.addNode(node);
	}

	static OnnxMl.AttributeProto attr(String name, long value) {
		return OnnxMl.AttributeProto.newBuilder()
			.setName(name)
			.setType(OnnxMl.AttributeProto.AttributeType.INT)
			.setI(value)
			.build();
	}

	static OnnxMl.AttributeProto attr(String name, String value) {
		return OnnxMl.AttributeProto.newBuilder()
			.setName(name)
			.setType(OnnxMl.AttributeProto.AttributeType.STRING)
			.setS(ByteString.copyFromUtf8(value))
			.build();
	}

	static OnnxMl.AttributeProto attr(String name, float value) {
		return OnnxMl.AttributeProto.newBuilder()
			.setName(name)
			.setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
			.setF(value)
			.build();
	}

	static OnnxMl.AttributeProto attr(String name, long... values) {
		OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder()
			.setName(name)
			.setType(OnnxMl.AttributeProto.AttributeType.INTS);
		for (long value : values) {
			attribute.addInts(value);
		}
		return attribute.build();
	}

	static OnnxMl.AttributeProto attr(String name, OnnxMl.TensorProto value) {
		return OnnxMl.AttributeProto.newBuilder()
			.setName(name)
			.setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
			.setT(value)
			.build();
	}

	/** A float32 initializer; large ones go to the external data file when there is one. */
	String floats(String name, float[] values, long... dims) throws IOException {
		OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
			.setName(name)
			.setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
		for (long dim : dims) {
			tensor.addDims(dim);
		}
		ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(values);
		return addInitializer(tensor, bytes.array(), 4096);
	}

	/** A uint8 initializer (packed quantized weights); large ones go to the external data file. */
	String bytes(String name, byte[] values, long... dims) throws IOException {
		OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
			.setName(name)
			.setDataType(OnnxMl.TensorProto.DataType.UINT8.getNumber());
		for (long dim : dims) {
			tensor.addDims(dim);
		}
		return addInitializer(tensor, values, 4096);
	}

	/**
	 * Adds an initializer with its raw little-endian bytes: to the external data file when there is one and the tensor
	 * is at least {@code externalFrom} bytes, otherwise inside the model.
	 */
	private String addInitializer(OnnxMl.TensorProto.Builder tensor, byte[] raw, int externalFrom) throws IOException {
		if (!this.initializers.add(tensor.getName())) {
			return tensor.getName(); // already written: one tensor serves every node that names it
		}
		if (this.externalData != null && raw.length >= externalFrom) {
			this.externalData.write(raw);
			tensor.setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
				.addExternalData(entry("location", this.externalDataName))
				.addExternalData(entry("offset", Long.toString(this.externalOffset)))
				.addExternalData(entry("length", Long.toString(raw.length)));
			this.externalOffset += raw.length;
		}
		else {
			tensor.setRawData(ByteString.copyFrom(raw));
		}
		this.graph.addInitializer(tensor);
		this.weightBytes += raw.length;
		return tensor.getName();
	}

	/** A node of ONNX Runtime's contrib domain ({@code com.microsoft}) with one output. */
	String contribNode(String op, List<String> inputs, OnnxMl.AttributeProto... attributes) {
		String output = name(op);
		contribNode(op, inputs, List.of(output), attributes);
		return output;
	}

	/** A contrib node with several outputs; an empty name skips an optional output (or input). */
	void contribNode(String op, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
		OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
			.setOpType(op)
			.setDomain(CONTRIB_DOMAIN)
			.setName(name(op + "_node"))
			.addAllInput(inputs)
			.addAllOutput(outputs);
		for (OnnxMl.AttributeProto attribute : attributes) {
			node.addAttribute(attribute);
		}
		this.graph.addNode(node);
		this.usesContribOps = true;
	}

	static final String CONTRIB_DOMAIN = "com.microsoft";

	private boolean usesContribOps;

	private long weightBytes;

	/** Bytes of all weights written so far. */
	long weightBytes() {
		return this.weightBytes;
	}

	/** An int64 initializer (shapes, axes). */
	String longs(String name, long[] values, long... dims) {
		OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
			.setName(name)
			.setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
		for (long dim : dims) {
			tensor.addDims(dim);
		}
		for (long value : values) {
			tensor.addInt64Data(value);
		}
		this.graph.addInitializer(tensor);
		return name;
	}

	/** A 1-D int64 constant with a generated name. */
	String longs(long... values) {
		return longs(name("const"), values, values.length);
	}

	/** A float scalar constant with a generated name. */
	String scalar(float value) {
		OnnxMl.TensorProto tensor = OnnxMl.TensorProto.newBuilder()
			.setName(name("scalar"))
			.setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
			.addFloatData(value)
			.build();
		this.graph.addInitializer(tensor);
		return tensor.getName();
	}

	void input(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
		this.graph.addInput(valueInfo(name, type, dims));
	}

	void output(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
		this.graph.addOutput(valueInfo(name, type, dims));
	}

	/** Dimensions are numbers (fixed) or strings (symbolic, e.g. "batch"). */
	private static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
		OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
		for (Object dim : dims) {
			OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
			if (dim instanceof Number n) {
				d.setDimValue(n.longValue());
			}
			else {
				d.setDimParam(dim.toString());
			}
			shape.addDim(d);
		}
		return OnnxMl.ValueInfoProto.newBuilder()
			.setName(name)
			.setType(OnnxMl.TypeProto.newBuilder()
				.setTensorType(
						OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
			.build();
	}

	private static OnnxMl.StringStringEntryProto entry(String key, String value) {
		return OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
	}

	/** Writes the model file. */
	void writeModel(Path modelFile, List<String> metadata) throws IOException {
		OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
			.setIrVersion(8)
			.setProducerName("tessera")
			.setGraph(this.graph)
			.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
		if (this.usesContribOps) {
			model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(CONTRIB_DOMAIN).setVersion(1));
		}
		List<String> pairs = new ArrayList<>(metadata);
		for (int i = 0; i + 1 < pairs.size(); i += 2) {
			model.addMetadataProps(entry(pairs.get(i), pairs.get(i + 1)));
		}
		if (this.externalData != null) {
			this.externalData.flush();
		}
		try (OutputStream out = Files.newOutputStream(modelFile)) {
			model.build().writeTo(out);
		}
	}

	@Override
	public void close() throws IOException {
		if (this.externalData != null) {
			this.externalData.close();
		}
	}

}
