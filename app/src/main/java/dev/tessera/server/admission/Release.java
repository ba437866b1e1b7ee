package dev.tessera.server.admission;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Gives back what a turn held once its response is complete: when the filter chain returns, or, for a streamed
 * reply (SSE), when the asynchronous response completes, fails or times out. Runs the release once.
 */
final class Release {

	private Release() {
	}

	static void after(HttpServletRequest request, Runnable release) {
		AtomicBoolean done = new AtomicBoolean();
		Runnable once = () -> {
			if (done.compareAndSet(false, true)) {
				release.run();
			}
		};
		if (!request.isAsyncStarted()) {
			once.run();
			return;
		}
		request.getAsyncContext().addListener(new AsyncListener() {
			@Override
			public void onComplete(AsyncEvent event) {
				once.run();
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				once.run();
			}

			@Override
			public void onError(AsyncEvent event) {
				once.run();
			}

			@Override
			public void onStartAsync(AsyncEvent event) throws IOException {
				// the same request started again: keep holding until it completes
			}
		});
	}

}
