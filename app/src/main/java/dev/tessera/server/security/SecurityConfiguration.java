package dev.tessera.server.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import dev.tessera.admin.ConsolePage;
import dev.tessera.autoconfigure.TesseraSecurityProperties;
import dev.tessera.autoconfigure.web.PluginApi;
import dev.tessera.core.access.ApiKeys;
import dev.tessera.core.access.OperatorAccountService;

import static dev.tessera.server.security.Roles.ADMIN;
import static dev.tessera.server.security.Roles.AUDITOR;
import static dev.tessera.server.security.Roles.CHAT;
import static dev.tessera.server.security.Roles.REVIEWER;
import dev.tessera.server.limits.TokenBuckets;

/**
 * Who may call what. Three filter chains:
 * <ol>
 * <li>the APIs ({@code /api/**}, the OpenAI-compatible {@code /v1/**}): stateless, no session and so no CSRF token;
 * chat clients send an API key, operators HTTP Basic credentials;</li>
 * <li>the console ({@code /admin/**}, {@code /login}, {@code /logout}): a form login with a session, CSRF tokens on
 * every form;</li>
 * <li>everything else: health, API documentation and static assets are public, the rest of Actuator is for
 * administrators.</li>
 * </ol>
 * Every refusal is an RFC 9457 problem (401 unauthenticated, 403 wrong role, 429 too many failed sign-ins).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** The endpoints a chat client uses. */
	private static final String[] CHAT_READS = { "/api/v1/assistants", "/v1/models" };

	@Bean
	UserDetailsService operatorDetailsService(OperatorAccountService accounts) {
		return new OperatorDetailsService(accounts);
	}

	@Bean
	PasswordEncoder passwordEncoder(OperatorAccountService accounts) {
		return accounts.passwordEncoder();
	}

	/** The security firewall's refusals ({@code //}, an encoded NUL, a backslash in the path) as problems. */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		ProblemResponses problems = new ProblemResponses();
		return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, "rejected-request",
				"Request rejected", "The request's path or headers hold characters or sequences the server does not"
						+ " accept (an encoded NUL, '..', a '//' or a backslash, for instance).");
	}

	@Bean
	LoginThrottle loginThrottle(TesseraSecurityProperties properties, TokenBuckets buckets) {
		return new LoginThrottle(properties.getLoginThrottle().getMaxFailures(),
				properties.getLoginThrottle().getWindow(), buckets);
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, LoginThrottle throttle,
			TesseraSecurityProperties properties, ObjectProvider<PluginApi> pluginApis) throws Exception {
		List<PluginApi> apis = checked(pluginApis.orderedStream().toList());
		ProblemResponses problems = new ProblemResponses();
		http.securityMatcher("/api/**", "/v1/**")
			.cors(cors -> cors.configurationSource(chatOrigins(properties)))
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.httpBasic(basic -> basic.authenticationEntryPoint(problems.authenticationEntryPoint()))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems.authenticationEntryPoint())
				.accessDeniedHandler(problems.accessDeniedHandler()))
			.addFilterBefore(new LoginThrottleFilter(throttle, problems), BasicAuthenticationFilter.class)
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
			.anonymous(anonymous -> {
				if (properties.isAnonymousChat()) {
					anonymous.authorities("ROLE_ANONYMOUS", "ROLE_" + CHAT);
				}
			})
			.authorizeHttpRequests(requests -> requests
				// a streamed reply's completion and error pages were authorized with their request
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				// chat: API keys, operators trying an assistant, anonymous callers when allowed
				.requestMatchers(HttpMethod.GET, CHAT_READS).hasAnyRole(CHAT, ADMIN, REVIEWER, AUDITOR)
				.requestMatchers(HttpMethod.POST, "/api/v1/assistants/*/conversations").hasAnyRole(CHAT, ADMIN)
				.requestMatchers(HttpMethod.POST, "/api/v1/conversations/*/messages", "/v1/chat/completions")
				.hasAnyRole(CHAT, ADMIN)
				.requestMatchers(HttpMethod.GET, "/api/v1/conversations/*").hasAnyRole(CHAT, ADMIN, REVIEWER, AUDITOR)
				// the hand-off and review queue
				.requestMatchers(HttpMethod.GET, "/api/v1/handoffs", "/api/v1/handoffs/**")
				.hasAnyRole(ADMIN, REVIEWER, AUDITOR)
				.requestMatchers("/api/v1/handoffs/**").hasAnyRole(ADMIN, REVIEWER)
				// learning from escalations: reviewers decide on candidate examples; administrators retrain and roll back
				.requestMatchers(HttpMethod.GET, "/api/v1/learning/**").hasAnyRole(ADMIN, REVIEWER, AUDITOR)
				.requestMatchers(HttpMethod.POST, "/api/v1/learning/candidates/*/review",
						"/api/v1/learning/candidates/*/knowledge")
				.hasAnyRole(ADMIN, REVIEWER)
				// the audit trail: read-only for auditors
				.requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**").hasAnyRole(ADMIN, AUDITOR)
				// configuration: administrators change it, auditors may read it
				.requestMatchers(HttpMethod.GET, "/api/v1/admin/**", "/api/v1/assistants/*/heads",
						"/api/v1/assistants/*/heads/*")
				.hasAnyRole(ADMIN, AUDITOR)
				.requestMatchers(HttpMethod.GET, "/api/v1/collections/**", "/api/v1/ingestion-jobs/*")
				.hasAnyRole(ADMIN, REVIEWER, AUDITOR)
				.requestMatchers(HttpMethod.GET, "/api/v1/me").authenticated()
				// a plug-in's API admits the roles the plug-in names for reading it and for changing it (after the server's
				// own paths, so that a plug-in cannot open one of them)
				.requestMatchers(request -> pluginApi(apis, request).isPresent())
				.access((authentication, context) -> {
					PluginApi api = pluginApi(apis, context.getRequest()).orElseThrow();
					boolean read = HttpMethod.GET.matches(context.getRequest().getMethod())
							|| HttpMethod.HEAD.matches(context.getRequest().getMethod());
					return AuthorityAuthorizationManager
						.<RequestAuthorizationContext>hasAnyRole(read ? api.readerRoles() : api.writerRoles())
						.authorize(authentication, context);
				})
				// everything else, including every change of configuration, keys and accounts
				.anyRequest()
				.hasRole(ADMIN));
		return http.build();
	}

	/**
	 * Cross-origin access for browsers on the configured sites (the chat widget): the chat endpoints only, never the
	 * operators' ones. Keys travel in the Authorization header, so no cookies are allowed.
	 */
	private static CorsConfigurationSource chatOrigins(TesseraSecurityProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (properties.getAllowedOrigins().isEmpty()) {
			return source;
		}
		CorsConfiguration chat = new CorsConfiguration();
		chat.setAllowedOrigins(properties.getAllowedOrigins());
		chat.setAllowedMethods(List.of("GET", "POST"));
		chat.setAllowedHeaders(List.of("Authorization", "X-API-Key", "Content-Type", "Accept"));
		chat.setAllowCredentials(false);
		chat.setMaxAge(3600L);
		for (String path : List.of("/api/v1/assistants", "/api/v1/assistants/*/conversations", "/api/v1/conversations/**",
				"/v1/chat/completions", "/v1/models")) {
			source.registerCorsConfiguration(path, chat);
		}
		return source;
	}

	@Bean
	@Order(2)
	SecurityFilterChain consoleSecurity(HttpSecurity http, LoginThrottle throttle,
			ObjectProvider<ConsolePage> pluginPages) throws Exception {
		List<ConsolePage> pages = pluginPages.orderedStream().toList();
		ProblemResponses problems = new ProblemResponses();
		http.securityMatcher("/admin", "/admin/**", "/login", "/logout")
			.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/admin", false).permitAll())
			.logout(logout -> logout.logoutSuccessUrl("/login?logout").permitAll())
			.addFilterBefore(new LoginThrottleFilter(throttle, problems), UsernamePasswordAuthenticationFilter.class)
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
						+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
						+ "form-action 'self'"))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.authorizeHttpRequests(requests -> requests
				// a streamed reply's completion and error pages were authorized with their request
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				.requestMatchers("/admin/audit", "/admin/audit/**").hasAnyRole(ADMIN, AUDITOR)
				.requestMatchers("/admin/handoffs", "/admin/handoffs/**").hasAnyRole(ADMIN, REVIEWER)
				.requestMatchers("/admin/learning/heads/**").hasRole(ADMIN)
				.requestMatchers("/admin/learning", "/admin/learning/**").hasAnyRole(ADMIN, REVIEWER)
				// a plug-in's pages admit the roles the plug-in names for them
				.requestMatchers(request -> pluginPage(pages, request).isPresent())
				.access((authentication, context) -> AuthorityAuthorizationManager
					.<RequestAuthorizationContext>hasAnyRole(pluginPage(pages, context.getRequest()).orElseThrow().roleNames())
					.authorize(authentication, context))
				.requestMatchers("/admin").hasAnyRole(ADMIN, REVIEWER, AUDITOR)
				.requestMatchers(HttpMethod.GET, "/admin/assistants", "/admin/assistants/*").hasAnyRole(ADMIN, AUDITOR)
				.anyRequest()
				.hasRole(ADMIN));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain otherSecurity(HttpSecurity http, ApiKeys keys) throws Exception {
		ProblemResponses problems = new ProblemResponses();
		http.csrf(AbstractHttpConfigurer::disable)
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), BasicAuthenticationFilter.class)
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.authenticationEntryPoint(problems.authenticationEntryPoint()))
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems.authenticationEntryPoint())
				.accessDeniedHandler(problems.accessDeniedHandler()))
			.authorizeHttpRequests(requests -> requests
				// a streamed reply's completion and error pages were authorized with their request
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.requestMatchers("/actuator", "/actuator/**")
				.hasRole(ADMIN)
				.anyRequest()
				.permitAll());
		return http.build();
	}

	/** The roots of the server's own APIs: a plug-in's API may not cover one, nor lie under one. */
	static final List<String> SERVER_API_ROOTS = List.of("/api/v1/admin", "/api/v1/assistants", "/api/v1/audit",
			"/api/v1/collections", "/api/v1/conversations", "/api/v1/handoffs", "/api/v1/ingestion-jobs", "/api/v1/me",
			"/v1");

	/**
	 * The plug-ins' APIs, refused at start-up when one would open a path of the server's own (its roles would apply
	 * there) or of another plug-in.
	 */
	static List<PluginApi> checked(List<PluginApi> apis) {
		List<String> taken = new java.util.ArrayList<>(SERVER_API_ROOTS);
		for (PluginApi api : apis) {
			for (String root : taken) {
				if (api.covers(root) || root.equals(api.path()) || api.path().startsWith(root + "/")) {
					throw new IllegalStateException("the plug-in API at " + api.path() + " overlaps " + root
							+ ", which is the server's or another plug-in's: give it a root of its own");
				}
			}
			taken.add(api.path());
		}
		return apis;
	}

	/** The plug-in API a request is for: its root, or a path under it. */
	private static Optional<PluginApi> pluginApi(List<PluginApi> apis, HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return apis.stream().filter(api -> api.covers(path)).findFirst();
	}

	/** The plug-in page a console request is for: its path, or a path under it. */
	private static Optional<ConsolePage> pluginPage(List<ConsolePage> pages, HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return pages.stream()
			.filter(page -> path.equals(page.path()) || path.startsWith(page.path() + "/"))
			.findFirst();
	}

}
