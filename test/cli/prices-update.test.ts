import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updatePrices } from '../../src/cli/prices-update';
import type { PriceSnapshot } from '../../src/features/spend/prices/snapshot';
import { ROOT } from '../support/paths';

/** AWS's bulk offer files, served over HTTP from a small sample in their documented layout. */
const OFFERS = join(ROOT, 'test', 'fixtures', 'lamplighter', 'price-list-offers');
let server: Server;
let base: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    readFile(join(OFFERS, req.url ?? ''))
      .then((body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body))
      .catch(() => res.writeHead(404).end('not found'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('npm run prices:update: the snapshot from the bulk offer files', () => {
  it('writes the exact on-demand figures, leaves other regions and sources alone, and records its source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const file = join(dir, 'snapshot.json.txt');
    copyFileSync(join(ROOT, 'src', 'features', 'spend', 'prices', 'snapshot.json.txt'), file);
    const before = JSON.parse(readFileSync(file, 'utf8')) as PriceSnapshot;

    const done = await updatePrices({
      base,
      file,
      services: ['ec2', 'natGateway', 'ebs', 'elasticache'],
      today: () => '2026-12-01',
    });
    const after = JSON.parse(readFileSync(file, 'utf8')) as PriceSnapshot;

    // GovCloud and China are other partitions' price lists: never fetched.
    expect(requested.some((u) => /us-gov|cn-north/.test(u))).toBe(false);
    expect(done.regions).toBe(2);
    const table = (service: string) => after.services[service]!.regions['eu-west-1']!;
    // Linux, shared tenancy, no pre-installed software, not a capacity reservation: one product each.
    expect(table('ec2')).toEqual([
      { source: 'aws-offer-files', asOf: '2026-11-24', prices: { 'm5.large': 0.107, 'c7g.xlarge': 0.1632 } },
    ]);
    expect(table('natGateway')[0]!.prices).toEqual({ gateway: 0.048 });
    expect(table('ebs')[0]!.prices).toEqual({ gp3: 0.088 });
    // By engine: Valkey's own figure; an older file's products carry no regionCode, and still count.
    expect(table('elasticache')[0]!.prices).toEqual({
      'redis|cache.r6g.large': 0.226,
      'valkey|cache.r6g.large': 0.1808,
      'memcached|cache.r6g.large': 0.226,
    });
    expect(after.services.ec2!.regions['us-east-1']).toEqual(before.services.ec2!.regions['us-east-1']);
    expect(after.sources.karpenter).toEqual(before.sources.karpenter);
    expect(after.sources['aws-offer-files']).toMatchObject({
      read: '2026-12-01',
      publicationDates: { 'AmazonEC2/eu-west-1': '2026-11-24T18:20:51Z' },
    });
  });
});
