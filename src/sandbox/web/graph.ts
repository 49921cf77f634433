import { escapeHtml } from './mrkdwn-html';

/** The widget's ISO time as a date, or undefined when it has none. */
function timeOf(value: unknown): Date | undefined {
  const at = typeof value === 'string' ? new Date(value) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : undefined;
}

const label = (at: Date) => at.toISOString().slice(11, 16);
const num = (n: number) => String(Math.round(n * 100) / 100);

/**
 * A stand-in for CloudWatch's GetMetricWidgetImage (moto has none): an SVG line chart of made-up
 * data that climbs over the widget's threshold at the end, titled from the widget the notifier
 * asked for, with the axes a reader needs (the value range, and the times of the widget's
 * period). Only the sandbox uses it; the graph is a picture of the shape, not of real data.
 */
export function graphSvg(widget: Record<string, unknown>): string {
  const title = typeof widget.title === 'string' ? widget.title : 'metric';
  const annotations = widget.annotations as { horizontal?: Array<{ value?: unknown }> } | undefined;
  const threshold = Number(annotations?.horizontal?.[0]?.value ?? 3) || 3;
  const width = 600;
  const height = 260;
  const left = 56;
  const [top, bottom] = [30, height - 40];
  const max = threshold * 2.2;
  const y = (v: number) => top + (bottom - top) * (1 - v / max);
  const points = Array.from({ length: 36 }, (_, i) => {
    const base = threshold * (0.35 + 0.15 * Math.sin(i / 2.5));
    const value = i > 30 ? threshold * (1.2 + (i - 30) * 0.12) : base;
    return [left + (i * (width - left - 20)) / 35, y(value)] as const;
  });
  const line = points.map(([x, py]) => `${x.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const ty = y(threshold).toFixed(1);
  const font = 'font-family="sans-serif" font-size="11" fill="#555"';
  // The y axis: its range, bottom and top.
  const yAxis = [
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#ccc"/>`,
    `<text class="y-min" x="${left - 6}" y="${bottom + 4}" text-anchor="end" ${font}>0</text>`,
    `<text class="y-max" x="${left - 6}" y="${top + 4}" text-anchor="end" ${font}>${escapeHtml(num(max))}</text>`,
  ];
  // The x axis: the times of the period the notifier asked for (UTC, as the message says).
  const start = timeOf(widget.start);
  const end = timeOf(widget.end);
  const xAxis =
    start && end && end > start
      ? [0, 0.5, 1].map((f, i) => {
          const at = new Date(start.getTime() + f * (end.getTime() - start.getTime()));
          const x = left + f * (width - left - 20);
          const anchor = ['start', 'middle', 'end'][i];
          return `<text class="x-time" x="${x.toFixed(1)}" y="${bottom + 16}" text-anchor="${anchor}" ${font}>${label(at)}${i === 2 ? ' UTC' : ''}</text>`;
        })
      : [];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${left}" y="20" font-family="sans-serif" font-size="13" fill="#333">${escapeHtml(title)}</text>
<line x1="${left}" y1="${bottom}" x2="${width - 20}" y2="${bottom}" stroke="#ccc"/>
${yAxis.join('\n')}
${xAxis.join('\n')}
<line x1="${left}" y1="${ty}" x2="${width - 20}" y2="${ty}" stroke="#D13212" stroke-dasharray="4 3"/>
<text x="${width - 20}" y="${Number(ty) - 4}" text-anchor="end" font-family="sans-serif" font-size="11" fill="#D13212">threshold ${escapeHtml(num(threshold))}</text>
<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line}"/>
<text x="${left}" y="${height - 6}" font-family="sans-serif" font-size="10" fill="#999">sandbox: drawn locally (moto has no GetMetricWidgetImage); the shape, not real data</text>
</svg>`;
}
