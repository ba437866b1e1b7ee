package dev.tessera.core.tool;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tool for tests: parcels by collection code and owner email, held in a map. Counts its calls, and throws for the
 * code P0000 (a broken back end).
 */
public final class ParcelLookupTool implements AssistantTool {

	/** code -> (email, shelf or null when collected). */
	private final Map<String, String[]> parcels = Map.of("P1234", new String[] { "rosa@example.org", "B3" }, "P7777",
			new String[] { "tom@example.org", null });

	public final AtomicInteger calls = new AtomicInteger();

	@Override
	public String name() {
		return "parcel-lookup";
	}

	@Override
	public List<String> slots() {
		return List.of("code", "email");
	}

	@Override
	public Set<String> outcomes() {
		return Set.of("waiting", "collected", "unknown");
	}

	@Override
	public Set<String> fields() {
		return Set.of("shelf", "collected-on", "desk");
	}

	@Override
	public ToolResult invoke(ToolCall call) {
		this.calls.incrementAndGet();
		String code = call.slot("code");
		if (code.equals("P0000")) {
			throw new IllegalStateException("parcel system unreachable");
		}
		String[] parcel = this.parcels.get(code);
		if (parcel == null || !parcel[0].equalsIgnoreCase(call.slot("email"))) {
			return ToolResult.unresolved("unknown", Map.of(), "no parcel " + code + " for that email");
		}
		if (parcel[1] == null) {
			return ToolResult.resolved("collected", Map.of("collected-on", "2 May"), "parcel " + code + " collected");
		}
		return ToolResult.resolved("waiting",
				Map.of("shelf", parcel[1], "desk", call.setting("desk", "front")), "parcel " + code + " is waiting");
	}

}
