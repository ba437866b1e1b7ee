package dev.tessera.core.assistant.pack;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Finds the line a field is on in YAML text. Validation works on the parsed pack and names fields by path; this walks
 * the parser's tokens, whose locations Jackson keeps, to put a line beside that name.
 */
final class YamlLines {

	private YamlLines() {
	}

	/**
	 * @param field a path as errors name it: {@code routing.max-words}, {@code rails.input[0].rail}
	 * @return the 1-based line of the field, else of its deepest parent present, else 0
	 */
	static int lineOf(YAMLMapper yaml, String text, String field) {
		List<String> target = segments(field);
		int bestDepth = 0;
		int bestLine = 0;
		try (JsonParser parser = yaml.createParser(text)) {
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
					continue;
				}
				List<String> at = segments(parser.streamReadContext().pathAsPointer());
				int depth = commonPrefix(at, target);
				if (depth == at.size() && depth > bestDepth) {
					bestDepth = depth;
					bestLine = parser.currentTokenLocation().getLineNr();
					if (depth == target.size()) {
						return bestLine;
					}
				}
			}
		}
		catch (JacksonException ex) {
			// text that does not parse: the parser's own error carries the line
		}
		return bestLine;
	}

	private static int commonPrefix(List<String> a, List<String> b) {
		int n = 0;
		while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
			n++;
		}
		return n;
	}

	private static List<String> segments(JsonPointer pointer) {
		List<String> segments = new ArrayList<>();
		for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
			segments.add(p.getMatchingProperty()); // "0" for an array index too
		}
		return segments;
	}

	private static List<String> segments(String field) {
		List<String> segments = new ArrayList<>();
		for (String part : field.split("\\.")) {
			int bracket = part.indexOf('[');
			String name = bracket < 0 ? part : part.substring(0, bracket);
			if (!name.isEmpty()) {
				segments.add(name);
			}
			while (bracket >= 0) {
				int close = part.indexOf(']', bracket);
				if (close < 0) {
					break;
				}
				segments.add(part.substring(bracket + 1, close));
				bracket = part.indexOf('[', close);
			}
		}
		return segments;
	}

}
