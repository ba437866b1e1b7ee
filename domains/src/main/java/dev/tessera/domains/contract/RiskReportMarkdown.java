package dev.tessera.domains.contract;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import dev.tessera.domains.contract.RiskReport.ClassifiedClause;
import dev.tessera.domains.contract.RiskReport.Finding;
import dev.tessera.domains.contract.RiskReport.MissingClause;

/**
 * The risk report for people: Markdown (findings with their quotes, missing clauses, every clause's type), and HTML
 * rendered from it by commonmark-java. Text from the contract is escaped, so a contract cannot inject markup into
 * the page; the HTML renderer escapes raw HTML as well.
 */
public final class RiskReportMarkdown {

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

	/** What opens a block at the start of a line: a heading, a list item or rule, "7." of an ordered list. */
	private static final Pattern BLOCK_START = Pattern.compile("^(#{1,6}(?=\\s|$)|[-+=](?=\\s|$)|\\d+(?=[.)](?:\\s|$)))");

	private RiskReportMarkdown() {
	}

	public static String markdown(RiskReport report) {
		StringBuilder md = new StringBuilder();
		md.append("# Contract review: ").append(inline(report.title())).append("\n\n");
		md.append(String.format(Locale.ROOT,
				"**Overall risk: %s** · %d clauses, %d classified · %d findings · missing required clauses: %d%n%n",
				report.overallRisk(), report.summary().clauses(), report.summary().classified(),
				report.summary().findings(), report.summary().missing()));
		md.append("Document `").append(code(report.document())).append("` (SHA-256 `")
			.append(report.sha256(), 0, Math.min(12, report.sha256().length()))
			.append("…`), judged against `")
			.append(code(report.playbook()))
			.append("` with the ")
			.append(inline(report.head()))
			.append(" head.\n\n");
		md.append("## Findings\n\n");
		if (report.findings().isEmpty()) {
			md.append("No clause deviates from the playbook's checks.\n\n");
		}
		for (Finding f : report.findings()) {
			md.append(String.format(Locale.ROOT, "### %s · clause %s · %s (`%s`)%n%n", f.risk(),
					inline(f.citation().clause()), inline(f.title()), f.check()));
			md.append(inline(f.reason())).append("\n\n");
			md.append(quote(f.citation().quote()));
			md.append(String.format(Locale.ROOT, "*Characters %d–%d.* Standard: %s%n%n", f.citation().start(),
					f.citation().end(), inline(f.standard())));
		}
		md.append("## Missing clauses\n\n");
		if (report.missing().isEmpty()) {
			md.append("Every clause the playbook requires is there.\n\n");
		}
		for (MissingClause m : report.missing()) {
			md.append(String.format(Locale.ROOT, "- **%s · %s**: %s Standard: %s%n", m.risk(), inline(m.title()),
					inline(m.reason()), inline(m.standard())));
		}
		md.append(report.missing().isEmpty() ? "" : "\n");
		md.append("## Clauses\n\n| clause | heading | type | confidence | characters |\n|---|---|---|---:|---|\n");
		for (ClassifiedClause c : report.clauses()) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %d–%d |%n", cell(c.number()),
					cell(c.heading()), c.type() != null ? c.type() : "none of these (closest: " + c.closest() + ")",
					c.confidence(), c.start(), c.end()));
		}
		md.append("\n*").append(inline(report.notice())).append("*\n");
		return md.toString();
	}

	public static String html(RiskReport report) {
		Parser parser = Parser.builder().extensions(EXTENSIONS).build();
		HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).build();
		String body = renderer.render(parser.parse(markdown(report)));
		return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Contract review: "
				+ escapeHtml(report.title()) + "</title></head>\n<body>\n" + body + "</body></html>\n";
	}

	private static String quote(String text) {
		StringBuilder md = new StringBuilder();
		for (String line : text.strip().split("\\R")) {
			md.append("> ").append(inline(line)).append('\n');
		}
		return md.append('\n').toString();
	}

	/**
	 * Contract text inside Markdown: characters Markdown reads as inline markup are escaped, and so is a start that
	 * would open a block (a heading, a list item, "7." as an ordered list).
	 */
	static String inline(String text) {
		String flat = text.replaceAll("\\s+", " ").strip();
		StringBuilder out = new StringBuilder(flat.length() + 8);
		for (char c : flat.toCharArray()) {
			if ("\\`*_[]<>|~&".indexOf(c) >= 0) {
				out.append('\\');
			}
			out.append(c);
		}
		Matcher block = BLOCK_START.matcher(out);
		if (block.find()) {
			out.insert(Character.isDigit(block.group(1).charAt(0)) ? block.end(1) : 0, '\\');
		}
		return out.toString();
	}

	private static String cell(String text) {
		return inline(text);
	}

	private static String code(String text) {
		return text.replace("`", "'");
	}

	private static String escapeHtml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
