package dev.tessera.domains.triage;

/**
 * Which emergency reply fits a red flag: what to do while help comes differs (press on a wound, note the time of a
 * stroke, a crisis line for self-harm). {@link #GENERAL} fits every emergency.
 */
enum EmergencyAdvice {

	GENERAL, CHEST_PAIN, BREATHING, STROKE, BLEEDING, SEVERE_ALLERGY, UNCONSCIOUS, SELF_HARM, POISONING

}
