package dev.tessera.domains.triage;

import java.util.Objects;

/**
 * One typed finding read from a description, with where it stands: {@code heart-rate = 122} at the words
 * {@code "hr 122"}.
 *
 * @param name what was found: {@code age}, {@code sex}, {@code arrival}, {@code onset}, {@code duration-days},
 * {@code complaint}, {@code heart-rate}, {@code respiratory-rate}, {@code spo2}, {@code systolic-bp},
 * {@code diastolic-bp}, {@code temperature}, {@code gcs}, {@code mental-status}, {@code pain}, {@code pregnancy},
 * {@code trauma}, or {@code high-risk} (an ESI high-risk situation, named by its red flag)
 * @param value the value in its unit (beats/min, breaths/min, %, mmHg, °C, 0-10, years, days) or a word
 * ({@code female}, {@code ambulance}, {@code verbal}, {@code chest-pain})
 * @param start where its words start in the normalized description ({@link ClinicalText#text()}), or -1 when it
 * rests on no single span
 * @param end where its words end (exclusive), or -1
 */
public record Finding(String name, String value, int start, int end) {

	public Finding {
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(value, "value cannot be null");
	}

	/** The words it rests on, from the normalized description it was read from. */
	public String words(String normalized) {
		return this.start < 0 ? "" : normalized.substring(this.start, this.end);
	}

}
