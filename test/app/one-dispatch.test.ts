import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { classify, type Kind, type Notification } from '../../src/app/classify';
import { DEFAULT_COST_RULES, renderInput } from '../../src/app/render';
import { formatAlarm } from '../../src/features/alarms/format';
import { formatGeneric, genericBodyFits } from '../../src/features/generic/format';
import { genericFor } from '../../src/features/generic/generic';
import { formatBudgetAlert, formatCostAnomaly } from '../../src/features/spend/format-alerts';
import { planCloudTrail } from '../../src/features/spend/plan';
import { snapshotSource } from '../../src/features/spend/prices/snapshot';
import { deliveriesFrom } from '../../src/kernel/envelopes/sns';
import type { SlackMessage } from '../../src/kernel/slack/blocks';
import { ROOT } from '../support/paths';

/**
 * Issue 22, "One dispatch": what a notification is is decided once (src/app/classify.ts), and
 * `render` and the notifier hand each kind to its feature. The notifier's side, against moto and
 * the Slack test server, is test/app/one-dispatch.int.test.ts: it posts every fixture and checks
 * the kind and the message against `render`'s.
 */
const FIXTURES = join(ROOT, 'test', 'fixtures');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name), ext) : entry.name.endsWith(ext) ? [join(dir, entry.name)] : [],
  );
}

const inputs = files(FIXTURES, '.json').map(
  (path) => [relative(FIXTURES, path), JSON.parse(readFileSync(path, 'utf8')) as unknown] as const,
);

// Every kind, by name: a kind added to the table does not compile here until it is listed.
const KINDS: Record<Kind, true> = {
  alarm: true,
  cloudtrail: true,
  budget: true,
  anomaly: true,
  event: true,
  generic: true,
};

const generic = (n: Notification): SlackMessage => {
  const g = genericFor(n.delivery);
  return formatGeneric(g, { fullBodyAttached: !genericBodyFits(g) });
};

/** What each kind's feature makes of it, straight from the feature's own formatter. */
async function featureMessages(n: Notification): Promise<SlackMessage[]> {
  switch (n.kind) {
    case 'alarm':
      return [formatAlarm({ alarm: n.alarm })];
    case 'cloudtrail': {
      const posts = await planCloudTrail(n.event, DEFAULT_COST_RULES, snapshotSource());
      return posts.length ? posts.map((p) => p.message) : [generic(n)];
    }
    case 'budget':
      return [formatBudgetAlert(n.budget)];
    case 'anomaly':
      return [formatCostAnomaly(n.anomaly)];
    case 'event':
      return [n.event.message];
    case 'generic':
      return [generic(n)];
  }
}

describe('one table says what every fixture is, for render and the notifier', () => {
  it('has fixtures of every kind in the table, so both sides are tried on each', () => {
    const seen = new Set(inputs.flatMap(([, input]) => deliveriesFrom(input).map((d) => classify(d).kind)));
    expect([...seen].sort()).toEqual(Object.keys(KINDS).sort());
  });

  it.each(inputs)('render prints %s as the kind the table names it', async (_name, input) => {
    const expected = await Promise.all(deliveriesFrom(input).map((d) => featureMessages(classify(d))));
    expect(await renderInput(input)).toEqual(expected.flat());
  });
});

/** Every module a file imports (or re-exports from), as a path under src/. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => relative(join(ROOT, 'src'), resolve(dirname(file), name)));
}

describe('the alarm feature does not dispatch to its siblings', () => {
  const alarmFiles = files(join(ROOT, 'src', 'features', 'alarms'), '.ts');

  it('reads its imports (the check sees them)', () => {
    expect(alarmFiles.length).toBeGreaterThan(10);
    expect(alarmFiles.flatMap(importsOf)).toContain('features/alarms/alarm');
  });

  it('imports nothing from aws-events, generic or spend (eslint.config.mjs enforces it too)', () => {
    const foreign = alarmFiles.flatMap((file) =>
      importsOf(file)
        .filter((target) => /^features\/(aws-events|generic|spend)\//.test(target))
        .map((target) => `${relative(ROOT, file)} → ${target}`),
    );
    expect(foreign).toEqual([]);
  });
});
