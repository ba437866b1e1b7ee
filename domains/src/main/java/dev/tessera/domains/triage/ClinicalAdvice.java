package dev.tessera.domains.triage;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the medical-triage assistant must not do, recognized in text: ask for or state a medicine dose, or state a
 * diagnosis. Used on the way in (a dose request is refused) and on the way out ({@link ClinicalAdviceRail}).
 * <p>
 * Limitations: word patterns, written for this project and tested on examples, not measured on a labelled set (none
 * is among the development data). A dose written without a number ("take a couple") or a diagnosis phrased as a
 * question ("could it be shingles?") is not caught.
 */
final class ClinicalAdvice {

	private static final String MEDICINE = "(?:mg|milligrams?|ml|millilit(?:er|re)s?|mcg|micrograms?|tablets?|pills?"
			+ "|capsules?|caplets?|doses?|dosage|medicines?|medications?|meds|drugs?|paracetamol|acetaminophen|ibuprofen"
			+ "|aspirin|naproxen|calpol|tylenol|advil|nurofen|motrin|codeine|tramadol|morphine|antibiotics?|amoxicillin"
			+ "|penicillin|antihistamines?|cetirizine|loratadine|piriton|insulin|inhaler|puffs?|syrup|drops|suppositor\\w*"
			+ "|cream|steroids?|prednisolone|melatonin|painkillers?|pain relief|sleeping pills?)";

	/** How a question about an amount is asked; it is a dose request when a medicine is named too. */
	private static final Pattern AMOUNT_QUESTION = Pattern.compile("\\bhow (?:much|many|often)\\b"
			+ "|\\b(?:what|which|right|correct|safe|maximum|max|usual|normal|recommended) (?:dose|dosage|amount)\\b"
			+ "|\\bdos(?:e|age|ing) (?:of|for)\\b|\\bis it (?:safe|ok|okay|alright) to (?:take|give)\\b"
			+ "|\\b(?:can|should|may|could) (?:i|we|he|she|they) (?:take|give|have) (?:\\d+|two|three|four|another|more"
			+ "|extra|double)\\b");

	private static final Pattern MEDICINE_NAMED = Pattern.compile("\\b" + MEDICINE + "\\b");

	private static final Pattern DOSE_AMOUNT = Pattern.compile(
			"\\b\\d+(?:\\.\\d+)?\\s?(?:mg|mcg|\u00b5g|micrograms?|milligrams?|g|grams?|ml|millilit(?:er|re)s?|units?|iu)\\b"
					+ "|\\b(?:\\d+|one|two|three|four|half an?|a half|a quarter) (?:tablets?|pills?|capsules?|caplets?"
					+ "|puffs?|drops?|teaspoons?|tablespoons?|spoonfuls?|sachets?|doses?|suppositor\\w*)\\b");

	private static final Pattern DOSING_CONTEXT = Pattern.compile("\\b(?:take|taking|takes|give|giving|use|using"
			+ "|apply|dose|dosage|every \\d+ hours?|times (?:a|per) day|twice (?:a|per) day|daily|once a day|per day"
			+ "|a day|maximum|up to|no more than|at most)\\b");

	private static final String CONDITION = "(?:\\w+itis|\\w+osis|\\w+(?:a)?emia|\\w+oma|infection|disease|syndrome"
			+ "|disorder|fracture|cancer|tumou?r|diabetes|asthma|pneumonia|flu|influenza|covid\\S*|migraine|stroke"
			+ "|heart attack|eczema|psoriasis|shingles|sepsis|concussion|sprain|strain|ulcer|allergy|depression"
			+ "|virus|viral \\w+|bacterial \\w+|uti|angina|clot|dvt|hernia|gout|anaemia|anemia|reflux|gastroenteritis"
			+ "|food poisoning|tonsillitis|glandular fever|chickenpox|measles|scabies|thrush|a cold|the cold)";

	private static final Pattern DIAGNOSIS = Pattern.compile("\\b(?:you|your (?:child|son|daughter|baby|partner)|he"
			+ "|she|they|this|it|that)\\b(?:'ve| have| has|'s| is| are|'re)?\\s*(?:probably|likely|most likely|definitely"
			+ "|certainly|clearly|almost certainly|obviously)?\\s*(?:have|has|got|have got|'ve got|are suffering from"
			+ "|is suffering from|suffer from|are having|is having|is|'s|sounds like|looks like|seems like|seems to be"
			+ "|appears to be|is consistent with)\\s+(?:a |an |the |some )?(?:case of |form of |touch of |bout of )?"
			+ "(?:[a-z-]+ ){0,2}?" + CONDITION + "\\b"
			+ "|\\b(?:my|the|your) diagnosis (?:is|would be)\\b|\\bi (?:would )?diagnose\\b|\\byou are diagnosed\\b");

	private static final Pattern CONDITIONAL_BEFORE = Pattern.compile("\\b(?:if|whether|when|unless|in case|until)\\s*$");

	private ClinicalAdvice() {
	}

	/** Whether the text asks how much of a medicine to take or give, or how often. */
	static boolean asksForDose(String text) {
		String plain = ClinicalText.of(text).text();
		return AMOUNT_QUESTION.matcher(plain).find() && MEDICINE_NAMED.matcher(plain).find();
	}

	/** Whether a sentence states a medicine dose (an amount with a dosing verb or frequency). */
	static boolean statesDose(String sentence) {
		String text = sentence.toLowerCase(Locale.ROOT);
		return DOSE_AMOUNT.matcher(text).find() && DOSING_CONTEXT.matcher(text).find();
	}

	/** Whether a sentence tells someone which condition they have ("you probably have tonsillitis"). */
	static boolean statesDiagnosis(String sentence) {
		String text = ClinicalText.of(sentence).text();
		Matcher matcher = DIAGNOSIS.matcher(text);
		while (matcher.find()) {
			// "see a doctor if you have an infection" is advice about a condition, not a diagnosis
			String before = text.substring(Math.max(0, matcher.start() - 12), matcher.start());
			if (!CONDITIONAL_BEFORE.matcher(before).find()) {
				return true;
			}
		}
		return false;
	}

}
