import { estimateCreation } from '../../../src/features/spend/estimate';
import { provenanceText, type PriceKey } from '../../../src/features/spend/prices/key';
import { pickPrice } from '../../../src/features/spend/prices/documents';
import { priceListQuery } from '../../../src/features/spend/prices/query';
import { snapshotLookup } from '../../../src/features/spend/prices/snapshot';
import { parseCloudTrailEvent, type CloudTrailEvent } from '../../../src/kernel/envelopes/cloudtrail';
import { loadFixture } from '../../support/fixtures';
import { CATALOGUE } from '../../support/price-catalogue';

const offline = snapshotLookup();
const usd = (key: PriceKey) => offline(key)?.usd;

function event(fixture: string, edit: (e: CloudTrailEvent) => void): CloudTrailEvent {
  const parsed = parseCloudTrailEvent(loadFixture(fixture))!;
  edit(parsed);
  return parsed;
}

describe('the bundled snapshot', () => {
  it('carries the 2025 GPU price cut and u-6tb1 at half of u-12tb1 (list prices, karpenter 2026-07-20)', () => {
    const ec2 = (item: string) => usd({ service: 'ec2', region: 'us-east-1', item });
    expect(ec2('p5.48xlarge')).toBe(55.04);
    expect(ec2('p4d.24xlarge')).toBeCloseTo(21.957642, 6);
    expect(ec2('u-6tb1.112xlarge')).toBe(54.6);
    expect(ec2('u-12tb1.112xlarge')).toBe(109.2);
    expect(offline({ service: 'ec2', region: 'us-east-1', item: 'p5.48xlarge' })?.provenance).toEqual({
      kind: 'snapshot',
      asOf: '2026-07-20',
      source: 'karpenter',
    });
  });

  it('drops the figures the hand-typed table had wrong, rather than keep them in other regions', () => {
    for (const region of ['us-east-2', 'us-west-2'])
      expect(usd({ service: 'ec2', region, item: 'p5.48xlarge' })).toBeUndefined();
  });

  it('prices ElastiCache by engine: Valkey 20 % below Redis OSS; Memcached is not given Redis figures', () => {
    const cache = (engine: string) =>
      usd({ service: 'elasticache', region: 'us-east-1', item: 'cache.r6g.large', engine });
    expect(cache('redis')).toBe(0.206);
    expect(cache('valkey')).toBeCloseTo(0.1648, 10);
    expect(cache('memcached')).toBeUndefined();
  });

  it("answers each engine with its own figure, and never another region's", () => {
    expect(
      usd({ service: 'rds', region: 'us-east-1', item: 'db.m5.large', engine: 'mysql', deployment: 'Single-AZ' }),
    ).toBe(0.171);
    expect(
      usd({ service: 'rds', region: 'us-east-1', item: 'db.m5.large', engine: 'postgres', deployment: 'Single-AZ' }),
    ).toBe(0.178);
    expect(
      usd({ service: 'rds', region: 'us-east-1', item: 'db.m5.large', engine: 'oracle-ee', deployment: 'Single-AZ' }),
    ).toBeUndefined();
    expect(usd({ service: 'ec2', region: 'xx-nowhere-1', item: 'm5.large' })).toBeUndefined();
  });

  it('names its source and date in the warning', () => {
    const estimate = estimateCreation(
      event('lamplighter/cloudtrail-record-ec2-runinstances-gpu.json', (e) => (e.region = 'us-east-1')),
    );
    expect(provenanceText(estimate.sources)).toBe('bundled list prices as of 2026-07-20');
  });
});

describe('asking the Price List: exact filters, OnDemand only, one price or none', () => {
  const answer = (key: PriceKey) => {
    const query = priceListQuery(key)!;
    const matching = CATALOGUE.filter(
      (p) =>
        p.serviceCode === query.serviceCode &&
        query.filters.every(
          ([f, v]) => (f === 'productFamily' ? p.product.productFamily : p.product.attributes[f]) === v,
        ),
    );
    // As the SDK hands them over: String objects holding JSON.
    return pickPrice(
      matching.map((p) => new String(JSON.stringify(p))),
      query,
    );
  };

  it('EC2 Linux on-demand, past Windows, RHEL, dedicated, reservations and Reserved terms', () =>
    expect(answer({ service: 'ec2', region: 'eu-central-1', item: 'm5.large' })).toEqual({
      kind: 'price',
      usd: 0.115,
    }));

  it('RDS by engine and deployment option', () => {
    const rds = (engine: string) =>
      answer({ service: 'rds', region: 'us-east-1', item: 'db.m5.large', engine, deployment: 'Single-AZ' });
    expect(rds('postgres')).toEqual({ kind: 'price', usd: 0.178 });
    expect(rds('mysql')).toEqual({ kind: 'price', usd: 0.171 });
  });

  it('Valkey by its own engine', () =>
    expect(answer({ service: 'elasticache', region: 'us-east-1', item: 'cache.r6g.large', engine: 'valkey' })).toEqual({
      kind: 'price',
      usd: 0.1648,
    }));

  it('DynamoDB past the free tier, and not the Standard-IA units', () =>
    expect(answer({ service: 'dynamodb', region: 'eu-central-1', item: 'wcu' })).toEqual({
      kind: 'price',
      usd: 0.000783,
    }));

  it('two products left with different prices are no price', () =>
    expect(answer({ service: 'ec2', region: 'eu-central-1', item: 'm6i.large' })).toEqual({
      kind: 'ambiguous',
      prices: [0.115, 0.119],
    }));

  it('nothing matching, or a document that does not parse, is "none"', () => {
    expect(answer({ service: 'ec2', region: 'eu-central-1', item: 'z9.huge' })).toEqual({ kind: 'none' });
    expect(pickPrice(['{not json', new String('{"product":{}}')], {})).toEqual({ kind: 'none' });
  });
});
