package dev.tessera.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Tessera-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}. Receivers
 * recompute it with the shared secret, compare in constant time and reject old timestamps (replays).
 */
public final class WebhookSignature {

	public static final String HEADER = "X-Tessera-Signature";

	private WebhookSignature() {
	}

	public static String header(String secret, long timestamp, String body) {
		return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
	}

	/** What a receiver does: parse, recompute, compare in constant time, and check the age. */
	public static boolean verify(String secret, String header, String body, long nowSeconds, long toleranceSeconds) {
		long timestamp = -1;
		String signature = null;
		for (String part : header.split(",")) {
			if (part.startsWith("t=")) {
				try {
					timestamp = Long.parseLong(part.substring(2));
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}
			else if (part.startsWith("v1=")) {
				signature = part.substring(3);
			}
		}
		if (timestamp < 0 || signature == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
			return false;
		}
		return MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
				hmac(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII));
	}

	static String hmac(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every JVM has HmacSHA256", ex);
		}
	}

}
