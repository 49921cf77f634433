import { graphSvg } from '../../../src/sandbox/web/graph';

describe("the sandbox's stand-in metric graph", () => {
  const widget = {
    title: 'payments <api> latency',
    start: '2026-11-30T08:08:00.000Z',
    end: '2026-11-30T11:08:00.000Z',
    annotations: { horizontal: [{ label: 'Threshold', value: 800 }] },
  };
  const texts = (svg: string, cls: string) =>
    [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);

  it('labels its y axis with the range and its x axis with the times of the period asked for', () => {
    const svg = graphSvg(widget);
    expect(texts(svg, 'y-min')).toEqual(['0']);
    expect(texts(svg, 'y-max')).toEqual(['1760']);
    expect(texts(svg, 'x-time')).toEqual(['08:08', '09:38', '11:08 UTC']);
    expect(svg).toContain('threshold 800');
    expect(svg).toContain('payments &lt;api&gt; latency');
  });

  it('draws no times when the widget has no period', () => {
    expect(texts(graphSvg({ title: 'x' }), 'x-time')).toEqual([]);
  });
});
