import { alarmConsoleUrl, logEventsConsoleUrl } from '../../src/kernel/aws/console-urls';
import {
  bounded,
  boundedJson,
  CUT_MARK,
  MAX_UNTRUSTED,
  trimEndOf,
  wellFormed,
  wellFormedDeep,
} from '../../src/kernel/untrusted';

describe('the one rule for untrusted text (src/kernel/untrusted.ts)', () => {
  it('bounds a string visibly at MAX_UNTRUSTED, never through an emoji; short text is unchanged', () => {
    expect(bounded('short  ')).toBe('short  ');
    const cut = bounded('x'.repeat(200_000));
    expect(cut).toHaveLength(MAX_UNTRUSTED);
    expect(cut.endsWith(CUT_MARK)).toBe(true);
    // The cut lands between the halves of an emoji: the half is dropped, not left alone.
    const emoji = bounded('x'.repeat(MAX_UNTRUSTED - 2) + '🔥'.repeat(10));
    expect(emoji).toBe('x'.repeat(MAX_UNTRUSTED - 2) + CUT_MARK);
    expect(bounded(bounded('y'.repeat(9000)))).toBe(bounded('y'.repeat(9000)));
    expect(bounded('a' + ' '.repeat(159_998) + 'b')).toBe('a' + CUT_MARK);
  });

  it('replaces lone surrogates with U+FFFD and keeps whole emoji', () => {
    expect(wellFormed('a\uD800b\uDC00c 🔥')).toBe('a\uFFFDb\uFFFDc 🔥');
    expect(wellFormedDeep({ t: ['\uD83D'], '\uDC00': 1 })).toEqual({ t: ['\uFFFD'], '\uFFFD': 1 });
  });

  it('bounds every string and key of a parsed payload, however deep, and keeps "__proto__" an own key', () => {
    const long = 'z'.repeat(10_000);
    const value = JSON.parse(
      `{"a":[${JSON.stringify(long)}],"${long}":1,"__proto__":{"polluted":"\\ud800"}}`,
    ) as unknown;
    const out = boundedJson(value) as Record<string, unknown>;
    expect((out.a as string[])[0]).toBe(bounded(long));
    expect(Object.keys(out)).toEqual(['a', '__proto__', bounded(long)]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: '\uFFFD' });
    let deep: unknown = long;
    for (let i = 0; i < 12_000; i++) deep = [deep];
    let inner = boundedJson(deep);
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe(bounded(long));
  });

  it('trims a set of characters off the end with a loop', () => {
    expect(trimEndOf('https://x/runbook).,;', '.,;:)]')).toBe('https://x/runbook');
    expect(trimEndOf('1.50000', '0')).toBe('1.5');
    expect(trimEndOf('', '/')).toBe('');
  });

  it('console links never throw on a lone surrogate (encodeURIComponent would)', () => {
    expect(alarmConsoleUrl('aws', 'us-east-1', 'db \uD800')).toMatch(/alarm\/db%20%EF%BF%BD$/);
    expect(() => logEventsConsoleUrl('aws', 'us-east-1', '/app\uDC00', { filterPattern: '\uD800' })).not.toThrow();
  });
});
