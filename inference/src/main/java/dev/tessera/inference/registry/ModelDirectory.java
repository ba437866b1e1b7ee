package dev.tessera.inference.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model on disk: a directory with {@code manifest.json} and the files it lists. Opening one verifies every file's
 * size and SHA-256 and fails naming the file that is missing, truncated or corrupt.
 */
public final class ModelDirectory {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Path directory;

	private final ModelManifest manifest;

	private ModelDirectory(Path directory, ModelManifest manifest) {
		this.directory = directory;
		this.manifest = manifest;
	}

	/** Reads and verifies a model directory. */
	public static ModelDirectory open(Path directory) {
		Path manifestFile = directory.resolve(ModelManifest.FILE_NAME);
		if (!Files.isRegularFile(manifestFile)) {
			throw new InvalidModelException(directory, ModelManifest.FILE_NAME, "is missing");
		}
		ModelManifest manifest;
		try {
			manifest = JSON.readValue(manifestFile.toFile(), ModelManifest.class);
		}
		catch (JacksonException ex) {
			throw new InvalidModelException(directory, ModelManifest.FILE_NAME,
					"cannot be read: " + ex.getOriginalMessage());
		}
		for (ModelManifest.ModelFile file : manifest.files()) {
			Path path = directory.resolve(file.path()).normalize();
			if (!path.startsWith(directory.normalize())) {
				throw new InvalidModelException(directory, file.path(), "points outside the model directory");
			}
			if (!Files.isRegularFile(path)) {
				throw new InvalidModelException(directory, file.path(), "is missing");
			}
			long size = size(path);
			if (size != file.size()) {
				throw new InvalidModelException(directory, file.path(), "has " + size + " bytes, the manifest says "
						+ file.size() + (size < file.size() ? " (truncated)" : ""));
			}
			String sha = sha256(path);
			if (!sha.equalsIgnoreCase(file.sha256())) {
				throw new InvalidModelException(directory, file.path(),
						"is corrupt: SHA-256 " + sha + " differs from the manifest's " + file.sha256());
			}
		}
		return new ModelDirectory(directory, manifest);
	}

	/** Writes a manifest listing the given files (relative paths and roles) with their sizes and hashes. */
	public static ModelManifest writeManifest(Path directory, String name, String kind, Map<String, String> filesByRole,
			Map<String, String> properties) {
		List<ModelManifest.ModelFile> files = new ArrayList<>();
		filesByRole.forEach((role, relative) -> {
			Path path = directory.resolve(relative);
			files.add(new ModelManifest.ModelFile(relative, role, size(path), sha256(path)));
		});
		ModelManifest manifest = new ModelManifest(name, kind, files, properties);
		try {
			Files.writeString(directory.resolve(ModelManifest.FILE_NAME), JSON.writeValueAsString(manifest));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return manifest;
	}

	public Path directory() {
		return this.directory;
	}

	public ModelManifest manifest() {
		return this.manifest;
	}

	/** The path of the file with this role. */
	public Path file(String role) {
		return this.directory.resolve(this.manifest.file(role).path());
	}

	private static long size(Path path) {
		try {
			return Files.size(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A file's SHA-256 in lower-case hex: how model files are identified and checked. */
	public static String sha256(Path path) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
