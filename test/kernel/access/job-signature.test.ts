import { jobKey, signJob, verifyJob } from '../../../src/kernel/access/job-signature';

const key = jobKey('the-signing-secret');
const job = {
  kind: 'anomaly-feedback',
  user: 'U0ALICE001',
  channel: 'C0DEVS0001',
  requestedAt: '2026-12-07T13:00:00.000Z',
  attachments: [{ color: '#FF9900', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] }],
};

describe('signing worker jobs', () => {
  it('verifies a job after the JSON round trip Lambda gives it, whatever the order of its keys', () => {
    const signed = JSON.parse(JSON.stringify(signJob(job, key))) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(signed).reverse());
    expect(verifyJob(reordered, key)).toEqual({ ok: true, job });
  });

  it('refuses a job with no signature, another key, or any field changed or added, nested ones included', () => {
    const signed = signJob(job, key);
    const nested = structuredClone(signed);
    nested.attachments[0]!.blocks[0]!.text.text = 'y';
    const verdicts = [
      job,
      signJob(job, jobKey('another secret')),
      { ...signed, user: 'U0OPERATOR' },
      { ...signed, share: true },
      nested,
      { ...signed, signature: signed.signature.slice(0, -1) },
      null,
      'a string',
    ].map((j) => verifyJob(j, key));
    expect(verdicts.map((v) => v.ok)).toEqual(Array(8).fill(false));
  });

  it('derives the key from the signing secret, so no second secret is kept', () => {
    expect(jobKey('the-signing-secret').equals(key)).toBe(true);
    expect(jobKey('another').equals(key)).toBe(false);
  });
});
