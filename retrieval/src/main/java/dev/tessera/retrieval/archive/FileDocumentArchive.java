package dev.tessera.retrieval.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded archive: one file per document under {@code folder/tenant/collection/}. Names are URL-encoded with a
 * prefix, so no id can name a path outside the folder ("..", "/"). A save writes a temporary file and moves it into
 * place, so a crash never leaves half a document.
 */
public final class FileDocumentArchive implements DocumentArchive {

	private static final String PREFIX = "d-";

	private final Path folder;

	public FileDocumentArchive(Path folder) {
		this.folder = folder;
	}

	private Path collection(String tenant, String collection) {
		return this.folder.resolve(PREFIX + encode(tenant)).resolve(PREFIX + encode(collection));
	}

	private Path file(String tenant, String collection, String documentId) {
		return collection(tenant, collection).resolve(PREFIX + encode(documentId));
	}

	private static String encode(String name) {
		return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A");
	}

	@Override
	public void save(String tenant, String collection, String documentId, byte[] content) {
		Path file = file(tenant, collection, documentId);
		try {
			Files.createDirectories(file.getParent());
			Path temporary = Files.createTempFile(file.getParent(), ".upload", ".tmp");
			Files.write(temporary, content);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot archive " + documentId + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<byte[]> content(String tenant, String collection, String documentId) {
		try {
			return Optional.of(Files.readAllBytes(file(tenant, collection, documentId)));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public List<String> documentIds(String tenant, String collection) {
		Path folder = collection(tenant, collection);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(path -> path.getFileName().toString())
				.filter(name -> name.startsWith(PREFIX))
				.map(name -> URLDecoder.decode(name.substring(PREFIX.length()), StandardCharsets.UTF_8))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public boolean delete(String tenant, String collection, String documentId) {
		try {
			return Files.deleteIfExists(file(tenant, collection, documentId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
