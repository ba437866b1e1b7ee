package dev.tessera.core.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates and changes operator accounts: checks names and passwords, hashes passwords with bcrypt, and creates the
 * first administrator at first start.
 */
public final class OperatorAccountService {

	/** NIST SP 800-63B asks for at least 8; an operator account can change an assistant's safety policy. */
	public static final int MIN_PASSWORD_LENGTH = 12;

	/** bcrypt reads only the first 72 bytes; longer passwords would silently compare equal. */
	public static final int MAX_PASSWORD_BYTES = 72;

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

	private final OperatorAccounts accounts;

	private final PasswordEncoder passwords;

	private final Clock clock;

	public OperatorAccountService(OperatorAccounts accounts, Clock clock) {
		this(accounts, new BCryptPasswordEncoder(), clock);
	}

	public OperatorAccountService(OperatorAccounts accounts, PasswordEncoder passwords, Clock clock) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.clock = clock;
	}

	public PasswordEncoder passwordEncoder() {
		return this.passwords;
	}

	public Optional<OperatorAccount> find(String username) {
		return this.accounts.find(username);
	}

	public java.util.List<OperatorAccount> all() {
		return this.accounts.all();
	}

	/**
	 * @throws InvalidAccountException for a bad name, a weak password, no role, or a taken name
	 */
	public OperatorAccount create(String username, String password, Set<Role> roles, String tenantId) {
		checkUsername(username);
		checkPassword(password);
		if (roles == null || roles.isEmpty()) {
			throw new InvalidAccountException("roles", "an account needs at least one of " + EnumSet.allOf(Role.class));
		}
		OperatorAccount account = new OperatorAccount(username, tenantId, this.passwords.encode(password), roles, true,
				OffsetDateTime.now(this.clock));
		if (!this.accounts.create(account)) {
			throw new InvalidAccountException("username", "the user name '" + username + "' is already taken");
		}
		return account;
	}

	/**
	 * @throws UnknownAccountException when there is no such account
	 */
	public OperatorAccount update(String username, Set<Role> roles, boolean enabled) {
		if (roles == null || roles.isEmpty()) {
			throw new InvalidAccountException("roles", "an account needs at least one of " + EnumSet.allOf(Role.class));
		}
		if (!this.accounts.update(username, roles, enabled)) {
			throw new UnknownAccountException("operator '" + username + "'");
		}
		return this.accounts.find(username).orElseThrow();
	}

	public void changePassword(String username, String password) {
		checkPassword(password);
		if (!this.accounts.updatePassword(username, this.passwords.encode(password))) {
			throw new UnknownAccountException("operator '" + username + "'");
		}
	}

	/**
	 * Creates the first administrator when there is no account at all; a later start changes nothing, so a password
	 * changed in the console is never reset by the configuration.
	 * @param password the configured password, or null to generate one
	 * @return the generated password, to be shown once; empty when one was configured or an account already exists
	 */
	public Optional<String> ensureInitialAdmin(String username, String password, String tenantId) {
		if (this.accounts.count() > 0) {
			return Optional.empty();
		}
		boolean generate = password == null || password.isBlank();
		String actual = generate ? generatePassword() : password;
		create(username, actual, EnumSet.of(Role.ADMIN), tenantId);
		return generate ? Optional.of(actual) : Optional.empty();
	}

	private static String generatePassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static void checkUsername(String username) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw new InvalidAccountException("username",
					"a user name is 1 to 100 letters, digits or . _ @ - characters");
		}
	}

	private static void checkPassword(String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			throw new InvalidAccountException("password",
					"a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
		}
		if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw new InvalidAccountException("password",
					"a password can be at most " + MAX_PASSWORD_BYTES + " bytes long (a limit of bcrypt)");
		}
	}

}
