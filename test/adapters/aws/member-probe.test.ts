import { createMemberAccess } from '../../../src/adapters/aws/member-access';
import { memberProbeRequest, probeMemberRead } from '../../../src/adapters/aws/member-probe';

describe("the notifier's member-account probe", () => {
  it('is recognised only in its own shape: not in an SNS delivery or the scheduled drain', () => {
    expect(memberProbeRequest({ lamplighter: 'probe-member', accountId: '222222222222' })).toBe('222222222222');
    expect(memberProbeRequest({ lamplighter: 'probe-member', accountId: '*' })).toBe('');
    expect(memberProbeRequest({ lamplighter: 'drain' })).toBeUndefined();
    expect(memberProbeRequest({ Records: [{ Sns: { Message: '{"lamplighter":"probe-member"}' } }] })).toBeUndefined();
    expect(memberProbeRequest(null)).toBeUndefined();
  });

  it('answers plainly, without trying, when it cannot try', async () => {
    await expect(probeMemberRead(createMemberAccess(undefined), '222222222222')).resolves.toEqual({
      ok: false,
      reason: 'the central stack has no external id configured for member accounts',
    });
    await expect(probeMemberRead(createMemberAccess(undefined), '')).resolves.toEqual({
      ok: false,
      reason: 'the probe named no 12-digit account id',
    });
  });
});
