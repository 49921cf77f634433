import { escapeHtml } from './mrkdwn-html';

/**
 * A stand-in for CloudWatch's GetMetricWidgetImage (moto has none): an SVG line chart of made-up
 * data that climbs over the widget's threshold at the end, titled from the widget the notifier
 * asked for. Only the sandbox uses it; the graph is a picture of the shape, not of real data.
 */
export function graphSvg(widget: Record<string, unknown>): string {
  const title = typeof widget.title === 'string' ? widget.title : 'metric';
  const annotations = widget.annotations as { horizontal?: Array<{ value?: unknown }> } | undefined;
  const threshold = Number(annotations?.horizontal?.[0]?.value ?? 3) || 3;
  const width = 600;
  const height = 260;
  const max = threshold * 2.2;
  const points = Array.from({ length: 36 }, (_, i) => {
    const base = threshold * (0.35 + 0.15 * Math.sin(i / 2.5));
    const value = i > 30 ? threshold * (1.2 + (i - 30) * 0.12) : base;
    return [40 + (i * (width - 60)) / 35, 30 + (height - 60) * (1 - value / max)] as const;
  });
  const line = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const ty = (30 + (height - 60) * (1 - threshold / max)).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="#fff"/>
<text x="40" y="20" font-family="sans-serif" font-size="13" fill="#333">${escapeHtml(title)}</text>
<line x1="40" y1="${height - 30}" x2="${width - 20}" y2="${height - 30}" stroke="#ccc"/>
<line x1="40" y1="${ty}" x2="${width - 20}" y2="${ty}" stroke="#D13212" stroke-dasharray="4 3"/>
<text x="${width - 20}" y="${Number(ty) - 4}" text-anchor="end" font-family="sans-serif" font-size="11" fill="#D13212">threshold ${threshold}</text>
<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line}"/>
<text x="40" y="${height - 10}" font-family="sans-serif" font-size="11" fill="#777">last 3 hours (sandbox: drawn locally, moto has no GetMetricWidgetImage)</text>
</svg>`;
}
