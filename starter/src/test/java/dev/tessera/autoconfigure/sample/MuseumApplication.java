package dev.tessera.autoconfigure.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that knows nothing of Tessera but its starter and properties.
 */
@SpringBootApplication
public class MuseumApplication {

}
