package dev.tessera.inference.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns chat messages into the prompt text a model was trained on: the model's own Jinja {@code chat_template} from
 * {@code tokenizer_config.json}, rendered with Jinjava; or, for models without one (base models), the messages' texts
 * one per line.
 */
public final class ChatTemplate {

	private final String template;

	private final String bosToken;

	private final String eosToken;

	private final Jinjava jinja;

	private ChatTemplate(String template, String bosToken, String eosToken) {
		this.template = template;
		this.bosToken = bosToken;
		this.eosToken = eosToken;
		this.jinja = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(false).build());
		// Hugging Face templates call raise_exception('...') on unsupported conversations
		this.jinja.getGlobalContext()
			.registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raise", String.class));
		// Llama 3.x templates put today's date in the system prompt with strftime_now("%d %b %Y")
		this.jinja.getGlobalContext()
			.registerFunction(new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow",
					String.class));
	}

	/** The plain template: message texts one per line, the tokenizer adds BOS. */
	public static ChatTemplate plain() {
		return new ChatTemplate(null, "", "");
	}

	public static ChatTemplate jinja(String template, String bosToken, String eosToken) {
		return new ChatTemplate(template, bosToken, eosToken);
	}

	/** Reads {@code chat_template}, {@code bos_token}, {@code eos_token} from a tokenizer_config.json, if present. */
	public static ChatTemplate fromTokenizerConfig(Path tokenizerConfig) {
		if (!Files.isRegularFile(tokenizerConfig)) {
			return plain();
		}
		try {
			JsonNode config = JsonMapper.builder().build().readTree(Files.readString(tokenizerConfig));
			JsonNode template = config.path("chat_template");
			if (!template.isString()) {
				return plain();
			}
			return jinja(template.asString(), token(config.path("bos_token")), token(config.path("eos_token")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String token(JsonNode node) {
		// a token is a string or an object {"content": ...}
		return node.isString() ? node.asString() : node.path("content").asString("");
	}

	/** Python's {@code strftime} for the current local time, for the directives chat templates use. */
	public static String strftimeNow(String format) {
		java.time.LocalDateTime now = java.time.LocalDateTime.now();
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < format.length(); i++) {
			char c = format.charAt(i);
			if (c != '%' || i + 1 == format.length()) {
				out.append(c);
				continue;
			}
			char directive = format.charAt(++i);
			String pattern = switch (directive) {
				case 'd' -> "dd";
				case 'm' -> "MM";
				case 'Y' -> "yyyy";
				case 'y' -> "yy";
				case 'b' -> "MMM";
				case 'B' -> "MMMM";
				case 'a' -> "EEE";
				case 'A' -> "EEEE";
				case 'H' -> "HH";
				case 'M' -> "mm";
				case 'S' -> "ss";
				default -> null;
			};
			if (pattern == null) {
				out.append(directive == '%' ? "%" : "%" + directive);
			}
			else {
				out.append(java.time.format.DateTimeFormatter.ofPattern(pattern, java.util.Locale.ENGLISH).format(now));
			}
		}
		return out.toString();
	}

	public static String raise(String message) {
		throw new IllegalArgumentException(REFUSED + message);
	}

	/** Whether the rendered text already holds the BOS token (so the tokenizer must not add it). */
	public boolean rendersSpecialTokens() {
		return this.template != null;
	}

	/**
	 * @param messages role ({@code system}, {@code user}, {@code assistant}) and content of each message
	 */
	public String render(List<Map<String, String>> messages) {
		if (this.template == null) {
			return String.join("\n", messages.stream().map(m -> m.get("content")).toList());
		}
		Map<String, Object> context = new HashMap<>();
		context.put("messages", messages);
		context.put("add_generation_prompt", true);
		context.put("bos_token", this.bosToken);
		context.put("eos_token", this.eosToken);
		// so that "strftime_now is defined" holds, as it does where templates are written (the call is the function)
		context.put("strftime_now", "strftime_now");
		try {
			return this.jinja.render(this.template, context);
		}
		catch (com.hubspot.jinjava.interpret.FatalTemplateErrorsException ex) {
			for (com.hubspot.jinjava.interpret.TemplateError error : ex.getErrors()) {
				for (Throwable cause = error.getException(); cause != null; cause = cause.getCause()) {
					if (cause.getMessage() != null && cause.getMessage().startsWith(REFUSED)) {
						throw new IllegalArgumentException(cause.getMessage(), ex);
					}
				}
			}
			throw new IllegalArgumentException("the model's chat template failed: " + ex.getMessage(), ex);
		}
	}

	private static final String REFUSED = "the model's chat template refused the conversation: ";

}
