package dev.tessera.bench.rails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import net.datafaker.Faker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a Presidio-format file of phone numbers in sentences, for {@code bench pii --data}: numbers in the formats
 * Datafaker writes for ten locales and, for a quarter, the formats Python's Faker writes for en_US (national and
 * international, with extensions; their digits are random, so many are not valid numbers), in sentences with and without a phone word before them, and sentences whose numbers are not
 * phone numbers (orders, dates, amounts, versions, ISBNs), which must stay unfound. The formats come from Datafaker,
 * not from the detector's tuning data: they stand for formats the detector has not seen.
 */
@Command(name = "synth-phones", mixinStandardHelpOptions = true,
		description = "Writes generated phone-number sentences in Presidio's format for bench pii --data.")
public class SynthPhonesCommand implements Callable<Integer> {

	static final List<Locale> LOCALES = List.of(Locale.US, Locale.UK, Locale.CANADA, Locale.forLanguageTag("en-AU"),
			Locale.forLanguageTag("en-IN"), Locale.GERMANY, Locale.FRANCE, Locale.forLanguageTag("nl-NL"),
			Locale.forLanguageTag("es-ES"), Locale.ITALY);

	/**
	 * The formats Python's Faker writes for en_US (which Presidio's synthetic data uses), from its public source;
	 * {@code #} is a random digit, so most of these are not valid numbers.
	 */
	static final List<String> PYTHON_FAKER_US = List.of("###-###-####", "(###)###-####", "###-###-####x###",
			"(###)###-####x###", "###.###.####", "###.###.####x###", "001-###-###-####", "001-###-###-####x###",
			"+1-###-###-####", "+1-###-###-####x####", "###-###-####x#####", "(###)###-####x#####");

	/** Sentences for a phone number ({}), with a phone word before it or without. */
	static final List<String> PHONE_SENTENCES = List.of("Call me at {} after 5pm.", "My number is {}.",
			"You can reach our office on {} or by email.", "{} is my mobile, text me there.",
			"Please ring {} to rebook the delivery.", "Tel: {}", "Fax {} (accounts department)",
			"The driver's number {} did not work yesterday.", "Reach me on WhatsApp: {}",
			"If anything changes, {} works all day.", "I tried {} twice but nobody answered.",
			"Emergency contact {}, my sister.", "phone {} / ask for the manager",
			"The number on the parcel label was {}, is that yours?", "For returns, our hotline {} is open 9 to 5.",
			"Can you update my details to {} please?", "{}", "Ask at the front desk, {} or visit the shop.");

	/** Sentences whose numbers are not phone numbers. */
	static final List<String> OTHER_SENTENCES = List.of("Order {order} was shipped on 2024-03-12.",
			"Invoice number {digits10} is attached.", "The total was 1,234,567.89 USD.",
			"Tracking code 1Z999AA10123456784 shows it in Leeds.", "The meeting is at 10:30 on 12/05/2024.",
			"Version 10.2.3 fixed the crash.", "ISBN 978-3-16-148410-0 is the second edition.",
			"Please quote reference {digits10} in your reply.", "My account {digits8} was charged twice.",
			"It weighs 2500 grams and costs 1999 pence.", "The city had 38,005,238 people in 2021.",
			"Case {digits9} is still open.", "Between 2019 and 2023 sales grew by 45 percent.",
			"Serial no. {digits12} is printed under the lid.",
			// identifiers of the kinds Presidio's data holds besides phones, in its generators' formats
			"My ITIN is {itin} and I filed in April.", "Taxpayer number {itin}", "The zip code is {zip4}.",
			"Send it to Springfield, IL {zip4}", "Passport {digits9} expires next year.",
			"My driver's license is {digits9}.", "Routing {digits9}, account {digits10}",
			"He was born on 03/14/1987 in Ohio.", "Her SSN {ssnlike} was leaked.");

	@Option(names = "--count", defaultValue = "600", description = "Sentences with a phone number.")
	int count;

	@Option(names = "--others", defaultValue = "200", description = "Sentences whose numbers are not phone numbers.")
	int others;

	@Option(names = "--seed", defaultValue = "2026")
	long seed;

	@Option(names = "--out", defaultValue = "bench/target/data/synth-phones.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		Random random = new Random(this.seed);
		List<Faker> fakers = LOCALES.stream().map(locale -> new Faker(locale, new Random(random.nextLong()))).toList();
		List<Map<String, Object>> samples = new ArrayList<>();
		for (int i = 0; i < this.count; i++) {
			Faker faker = fakers.get(random.nextInt(fakers.size()));
			String phone;
			if (random.nextInt(4) == 0) {
				phone = faker.numerify(PYTHON_FAKER_US.get(random.nextInt(PYTHON_FAKER_US.size())));
			}
			else {
				phone = random.nextInt(3) == 0 ? faker.phoneNumber().cellPhone() : faker.phoneNumber().phoneNumber();
			}
			String sentence = PHONE_SENTENCES.get(random.nextInt(PHONE_SENTENCES.size()));
			int start = sentence.indexOf("{}");
			String text = sentence.replace("{}", phone);
			samples.add(sample(text, List.of(Map.of("entity_type", "PHONE_NUMBER", "entity_value", phone,
					"start_position", start, "end_position", start + phone.length())), i));
		}
		for (int i = 0; i < this.others; i++) {
			String sentence = OTHER_SENTENCES.get(random.nextInt(OTHER_SENTENCES.size()));
			String text = sentence.replace("{order}", digits(random, 6))
				.replace("{digits10}", digits(random, 10))
				.replace("{digits8}", digits(random, 8))
				.replace("{digits9}", digits(random, 9))
				.replace("{digits12}", digits(random, 12))
				.replace("{itin}", "9" + digits(random, 2).substring(0, 2) + "-7" + random.nextInt(10) + "-"
						+ digits(random, 4))
				.replace("{zip4}", digits(random, 5) + "-" + digits(random, 4))
				.replace("{ssnlike}", digits(random, 3) + "-" + digits(random, 2) + "-" + digits(random, 4));
			samples.add(sample(text, List.of(), this.count + i));
		}
		Files.createDirectories(this.out.toAbsolutePath().getParent());
		JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(this.out.toFile(), samples);
		System.out.printf(Locale.ROOT, "Wrote %d sentences with a phone number and %d without to %s%n", this.count,
				this.others, this.out);
		return 0;
	}

	private static Map<String, Object> sample(String text, List<Map<String, Object>> spans, int id) {
		Map<String, Object> sample = new LinkedHashMap<>();
		sample.put("full_text", text);
		sample.put("spans", spans);
		sample.put("template_id", id);
		return sample;
	}

	private static String digits(Random random, int n) {
		StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
		for (int i = 1; i < n; i++) {
			digits.append(random.nextInt(10));
		}
		return digits.toString();
	}

}
