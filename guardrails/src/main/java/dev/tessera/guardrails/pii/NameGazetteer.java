package dev.tessera.guardrails.pii;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * First names and family names of many languages, read once from the locale files that ship inside the Datafaker
 * library (about 23,000 first and 37,000 family names), so no list is kept in this project.
 * <p>
 * Names that are also common English words ("May", "Will", "Page") are removed by {@link PersonNameDetector}'s own
 * stop list, not here.
 */
final class NameGazetteer {

	/** Datafaker locale files with a {@code name} section. */
	static final List<String> LOCALE_FILES = List.of("en/name.yml", "ar.yml", "be.yml", "bg.yml", "ca.yml",
			"cs.yml", "da-DK.yml", "de.yml", "de-AT.yml", "de-CH.yml", "el-GR.yml", "en-AU.yml", "en-IE.yml",
			"en-IN.yml", "en-NG.yml", "en-NZ.yml", "en-PAK.yml", "en-PH.yml", "en-SG.yml", "en-ZA.yml", "es.yml",
			"es-AR.yml", "es-MX.yml", "et.yml", "fa.yml", "fi-FI.yml", "fr.yml", "fr-CA.yml", "fr-CH.yml", "he.yml",
			"hr.yml", "hu.yml", "hy.yml", "id.yml", "it.yml", "ka.yml", "lv.yml", "mk.yml", "nb-NO.yml", "nl.yml",
			"pl.yml", "pt.yml", "pt-BR.yml", "ro-MD.yml", "ru.yml", "sk.yml", "sq.yml", "sv.yml", "tr.yml", "uk.yml",
			"uz.yml", "vi.yml");

	private static volatile NameGazetteer bundled;

	private final Set<String> firstNames;

	private final Set<String> familyNames;

	public NameGazetteer(Set<String> firstNames, Set<String> familyNames) {
		this.firstNames = Set.copyOf(firstNames);
		this.familyNames = Set.copyOf(familyNames);
	}

	/** The gazetteer from Datafaker's locale files, loaded on first use and shared (it is immutable). */
	public static NameGazetteer bundled() {
		NameGazetteer gazetteer = bundled;
		if (gazetteer == null) {
			synchronized (NameGazetteer.class) {
				gazetteer = bundled;
				if (gazetteer == null) {
					gazetteer = load();
					bundled = gazetteer;
				}
			}
		}
		return gazetteer;
	}

	public boolean isFirstName(String word) {
		return this.firstNames.contains(word);
	}

	public boolean isFamilyName(String word) {
		return this.familyNames.contains(word);
	}

	public int size() {
		return this.firstNames.size() + this.familyNames.size();
	}

	private static NameGazetteer load() {
		Set<String> first = new HashSet<>();
		Set<String> family = new HashSet<>();
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(16 * 1024 * 1024);
		for (String file : LOCALE_FILES) {
			try (InputStream in = NameGazetteer.class.getResourceAsStream("/" + file)) {
				if (in == null) {
					throw new IllegalStateException("/" + file + " is not on the classpath (the Datafaker jar provides it)");
				}
				collect(new Yaml(options).load(in), null, first, family);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read /" + file, ex);
			}
		}
		return new NameGazetteer(first, family);
	}

	private static void collect(Object node, String key, Set<String> first, Set<String> family) {
		if (node instanceof Map<?, ?> map) {
			// names sit under faker.name.*; other sections (addresses, companies) would add noise
			map.forEach((k, v) -> {
				String name = String.valueOf(k);
				if (key == null || !key.equals("faker") || name.equals("name")) {
					collect(v, name, first, family);
				}
			});
		}
		else if (node instanceof List<?> list && key != null) {
			Set<String> target = key.contains("first_name") ? first : key.contains("last_name") ? family : null;
			if (target == null) {
				return;
			}
			for (Object value : list) {
				if (value instanceof String name && !name.contains("#{") && name.length() > 1) {
					// "Mary Ann", "van der Berg": keep each capitalised part, which is what the detector looks up
					for (String part : name.split("[\\s]+")) {
						if (part.length() > 1 && Character.isUpperCase(part.codePointAt(0))) {
							target.add(part);
						}
					}
				}
			}
		}
	}

}
