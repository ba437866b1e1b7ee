package dev.tessera.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ready-to-run Tessera server: the starter's assistants behind the chat, OpenAI-compatible and operations APIs,
 * and the admin console ({@code dev.tessera.admin}, from the admin-ui module).
 */
@SpringBootApplication(scanBasePackages = { "dev.tessera.server", "dev.tessera.admin" })
public class TesseraServerApplication {

	public static void main(String[] args) {
		if (args.length > 0 && "import".equals(args[0])) {
			System.exit(dev.tessera.server.models.ModelImportCommand.run(args, System.out, System.err));
		}
		SpringApplication.run(TesseraServerApplication.class, args);
	}

}
