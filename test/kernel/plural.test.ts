import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plural } from '../../src/kernel/plural';
import { checkPeopleSubscriptions, checkQueue } from '../../src/features/doctor/checks';

describe('counts read as people write them', () => {
  it('agrees the noun with the number', () => {
    expect(plural(1, 'snapshot')).toBe('1 snapshot');
    expect(plural(0, 'snapshot')).toBe('0 snapshots');
    expect(plural(2048, 'entry', 'entries')).toBe('2,048 entries');
  });

  it('doctor says "1 event … waits", "2 subscriptions"', () => {
    expect(checkQueue(1, 'https://sqs.example/q', 'lamplighter').detail).toBe('1 event failed and waits there');
    const sub = (endpoint: string) => ({ protocol: 'email', endpoint, confirmed: true });
    expect(checkPeopleSubscriptions('ops', [sub('a@example.com'), sub('b@example.com')])?.detail).toBe(
      '2 subscriptions confirmed',
    );
  });

  it('no text in src says "word(s)"', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const found = files(join(__dirname, '..', '..', 'src')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        // "volume(s) of": a word, "(s)", then more words (code reads "test(s) ?", "(s) =>").
        .filter((line) => /[a-z]\((s|es)\) [A-Za-z]/.test(line) && !/https?\(s\)/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
