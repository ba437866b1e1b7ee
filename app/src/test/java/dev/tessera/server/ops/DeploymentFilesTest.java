package dev.tessera.server.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image definition and the Kubernetes manifests in {@code deploy/} (building the image needs a registry
 * this machine cannot reach, so they are checked here instead): the manifests parse, run the postgres profile on more
 * than one replica, set resource limits, give the server time to drain, and probe paths the server really answers —
 * readiness DOWN while the database is away; the image runs the jar the build makes, as a non-root user, with the
 * JVM flags the native libraries need.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/deployment-${random.uuid}")
class DeploymentFilesTest {

	private static final Path DEPLOY = Path.of("..", "deploy");

	@LocalServerPort
	int port;

	@Test
	@SuppressWarnings("unchecked")
	void the_kubernetes_manifests_run_several_replicas_with_limits_and_probes_the_server_answers() throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		new Yaml().loadAll(Files.readString(DEPLOY.resolve("kubernetes/tessera.yaml")))
			.forEach(document -> documents.add((Map<String, Object>) document));
		Map<String, Object> deployment = documents.stream()
			.filter(document -> "Deployment".equals(document.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat(documents).anyMatch(document -> "Service".equals(document.get("kind")));
		Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
		assertThat((Integer) spec.get("replicas")).isGreaterThanOrEqualTo(2);
		Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
		assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as("longer than the 30 s graceful drain")
			.isGreaterThan(30);
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		assertThat(((List<Map<String, Object>>) container.get("ports")).get(0).get("containerPort")).isEqualTo(8080);
		assertThat((List<Map<String, Object>>) container.get("env"))
			.anySatisfy(env -> assertThat(env).containsEntry("name", "SPRING_PROFILES_ACTIVE").containsEntry("value",
					"postgres"));
		Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) container.get("resources"))
			.get("limits");
		assertThat(limits).containsKeys("cpu", "memory");

		Http http = new Http(this.port).anonymous();
		for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
			String path = (String) ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet"))
				.get("path");
			Http.Response answer = http.get(path);
			assertThat(answer.status()).as(probe + " " + path).isEqualTo(200);
			assertThat(answer.json().path("status").asString()).isEqualTo("UP");
		}
		JsonNode readiness = http.get("/actuator/health/readiness").json();
		assertThat(readiness.path("components").has("db")).as("readiness follows the database: " + readiness).isTrue();
	}

	@Test
	void the_image_runs_the_built_jar_as_a_non_root_user_with_the_native_flags() throws IOException {
		List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile"));
		assertThat(lines).anyMatch(line -> line.startsWith("FROM eclipse-temurin:21-jre"));
		assertThat(lines).anyMatch(line -> line.equals("EXPOSE 8080"));
		assertThat(lines).anyMatch(line -> line.startsWith("USER ") && !line.contains("root"));
		String entrypoint = String.join(" ", lines.subList(indexOf(lines, "ENTRYPOINT"), lines.size()));
		assertThat(entrypoint).contains("--enable-native-access=ALL-UNNAMED").contains("jdk.incubator.vector")
			.contains("/opt/tessera/tessera.jar");
		assertThat(lines).anyMatch(line -> line.contains("COPY --from=build /src/app/target/tessera.jar"));
		// the jar name the Dockerfile copies is the one the app module builds
		assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>tessera</finalName>");
	}

	private static int indexOf(List<String> lines, String prefix) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith(prefix)) {
				return i;
			}
		}
		throw new AssertionError("no " + prefix + " line");
	}

}
