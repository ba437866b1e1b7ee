package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP addresses: dotted IPv4 with every octet at most 255, and IPv6 in full or {@code ::}-compressed form (up to eight
 * groups of one to four hex digits, at most one {@code ::}).
 */
final class IpAddressDetector implements PiiDetector {

	private static final Pattern IPV4 = Pattern
		.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d]|\\.\\d)");

	private static final Pattern IPV6_CANDIDATE = Pattern
		.compile("(?<![\\p{XDigit}:])(?:[\\p{XDigit}]{0,4}:){2,7}[\\p{XDigit}]{0,4}(?![\\p{XDigit}:])");

	@Override
	public PiiType type() {
		return PiiType.IP;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher v4 = IPV4.matcher(text);
		while (v4.find()) {
			boolean valid = true;
			for (int g = 1; g <= 4; g++) {
				valid &= Integer.parseInt(v4.group(g)) <= 255;
			}
			if (valid) {
				found.add(new PiiFinding(v4.start(), v4.end(), PiiType.IP, 1.0));
			}
		}
		if (text.indexOf(':') >= 0) {
			Matcher v6 = IPV6_CANDIDATE.matcher(text);
			while (v6.find()) {
				if (validIpv6(v6.group())) {
					found.add(new PiiFinding(v6.start(), v6.end(), PiiType.IP, 1.0));
				}
			}
		}
		return found;
	}

	// hand-written: InetAddress would resolve a non-literal through DNS, which a rail must never do
	static boolean validIpv6(String candidate) {
		int compressed = candidate.indexOf("::");
		if (compressed >= 0 && candidate.indexOf("::", compressed + 1) >= 0) {
			return false;
		}
		String[] groups = candidate.split(":", -1);
		int nonEmpty = 0;
		for (String group : groups) {
			if (group.length() > 4) {
				return false;
			}
			if (!group.isEmpty()) {
				nonEmpty++;
			}
		}
		if (compressed < 0) {
			return groups.length == 8 && nonEmpty == 8;
		}
		// "::1", "fe80::1": at least two real groups so that times like "10::" and "a::b" in prose stay out
		return nonEmpty >= 2 && nonEmpty <= 7;
	}

}
