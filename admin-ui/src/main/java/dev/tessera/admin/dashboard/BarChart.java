package dev.tessera.admin.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Geometry of a bar chart drawn as inline SVG by the template. Computed here rather than by a chart library: the
 * console has no front-end build, and positioning rectangles is a few lines.
 *
 * @param height the SVG's height; bars are scaled so the largest value fills {@link #PLOT_HEIGHT}
 */
record BarChart(int width, int height, int columnWidth, List<Bar> bars, List<String> series) {

	static final int PLOT_HEIGHT = 140;

	static final int LABEL_SPACE = 34;

	/** One stacked segment. {@code series} names its colour class. */
	public record Bar(int x, int y, int width, int height, String series, String label, long value) {
	}

	/** One column per label, its values stacked bottom-up in the order of {@code series}. */
	static BarChart stacked(List<String> labels, List<String> series, List<long[]> values, int columnWidth) {
		long max = 1;
		for (long[] column : values) {
			long sum = 0;
			for (long v : column) {
				sum += v;
			}
			max = Math.max(max, sum);
		}
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++) {
			int x = i * columnWidth + 4;
			int base = PLOT_HEIGHT;
			long[] column = values.get(i);
			for (int s = 0; s < series.size(); s++) {
				int h = (int) Math.round((double) column[s] * PLOT_HEIGHT / max);
				if (column[s] > 0) {
					bars.add(new Bar(x, base - h, columnWidth - 8, Math.max(h, 1), series.get(s), labels.get(i),
							column[s]));
				}
				base -= h;
			}
		}
		return new BarChart(labels.size() * columnWidth, PLOT_HEIGHT + LABEL_SPACE, columnWidth, bars, series);
	}

	/** One bar per entry, largest first as given. */
	static BarChart simple(Map<String, Long> values, String series, int columnWidth) {
		List<String> labels = new ArrayList<>(values.keySet());
		List<long[]> columns = labels.stream().map(label -> new long[] { values.get(label) }).toList();
		return stacked(labels, List.of(series), columns, columnWidth);
	}

	/** Where a label is drawn under its column. */
	public int labelX(int index) {
		return index * this.columnWidth + this.columnWidth / 2;
	}

}
