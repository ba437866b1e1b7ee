package dev.tessera.server.problem;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tessera.admin.ConsolePage;
import dev.tessera.autoconfigure.TesseraProperties;
import dev.tessera.autoconfigure.web.PluginApi;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rejects request bodies over {@code tessera.api.max-request-bytes} (document uploads, and the uploads of plug-ins'
 * APIs and console pages that declare them: {@code tessera.api.max-upload-bytes}) with 413: at once when the declared length is too large, and while reading when a
 * body without a declared length grows past the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private static final java.util.regex.Pattern UPLOAD = java.util.regex.Pattern
		.compile("(/api/v1/collections|/admin/knowledge)/[^/]+/documents/?");

	private final long limit;

	private final long uploadLimit;

	private final List<PluginApi> pluginApis;

	private final List<ConsolePage> pluginPages;

	private final JsonMapper json = JsonMapper.builder().build();

	RequestSizeLimitFilter(TesseraProperties properties, ObjectProvider<PluginApi> pluginApis,
			ObjectProvider<ConsolePage> pluginPages) {
		this.limit = properties.getApi().getMaxRequestBytes();
		this.uploadLimit = properties.getApi().getMaxUploadBytes();
		this.pluginApis = pluginApis.orderedStream().toList();
		this.pluginPages = pluginPages.orderedStream().toList();
	}

	private boolean isUpload(HttpServletRequest request) {
		String method = request.getMethod();
		// the declarations name paths inside the application, as the security configuration reads them
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return "POST".equals(method) && UPLOAD.matcher(path).matches()
				|| this.pluginApis.stream().anyMatch(api -> api.isUpload(method, path))
				|| this.pluginPages.stream().anyMatch(page -> page.isUpload(method, path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean upload = isUpload(request);
		long limit = upload ? this.uploadLimit : this.limit;
		String property = upload ? "tessera.api.max-upload-bytes" : "tessera.api.max-request-bytes";
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			ProblemDetail problem = Problems.forException(new RequestTooLargeException(limit, property));
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setHeader("Connection", "close");
			response.getOutputStream().write(this.json.writeValueAsBytes(problem));
			return;
		}
		chain.doFilter(declared < 0 ? new LimitedRequest(request, limit, property) : request, response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private final String property;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit, String property) {
			super(request);
			this.limit = limit;
			this.property = property;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.limit, this.property);
			}
			return this.stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private final String property;

		private long read;

		LimitedStream(ServletInputStream delegate, long limit, String property) {
			this.property = property;
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			this.read += n;
			if (this.read > this.limit) {
				throw new RequestTooLargeException(this.limit, this.property);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
