import { readDeadLetter } from '../../../src/features/redrive/record';

const record = (over: Record<string, unknown>) =>
  JSON.stringify({
    version: '1.0',
    timestamp: '2026-11-27T09:58:00.000Z',
    requestContext: {
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:lamplighter-CostGuard-9Z:$LATEST',
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 1,
    },
    requestPayload: { source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail' },
    ...over,
  });

describe('reading a dead-letter record', () => {
  it('names the unqualified function, why, and what the event was (an event too old has no error)', () => {
    expect(readDeadLetter(record({}))).toEqual({
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:lamplighter-CostGuard-9Z',
      functionName: 'lamplighter-CostGuard-9Z',
      account: '123456789012',
      region: 'eu-west-1',
      at: new Date('2026-11-27T09:58:00.000Z'),
      condition: 'EventAgeExceeded',
      attempts: 1,
      error: 'no error recorded',
      event: { source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail' },
      what: 'EventBridge aws.ec2: AWS API Call via CloudTrail',
    });
  });

  it('keeps a long error to one line of 200 characters', () => {
    const letter = readDeadLetter(record({ responsePayload: { errorMessage: `line one\n${'x'.repeat(500)}` } }));
    expect(letter?.error).toMatch(/^line one x+…$/);
    expect(letter?.error.length).toBe(200);
  });

  it("shows a worker job's claimed user, and no terminal escape sequence from the queue reaches the operator", () => {
    const letter = readDeadLetter(
      record({
        requestPayload: { kind: 'incident', command: '/mute', user: 'U0EVIL\u001b[2J\u001b]0;owned\u0007', text: 'x' },
        responsePayload: { errorMessage: 'boom \u001b[31mred\u009b' },
        requestContext: {
          functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:lamplighter-WorkerFunction-9Z',
          condition: 'RetriesExhausted\u001b[1A',
        },
      }),
    );
    expect(letter?.condition).toBe('RetriesExhausted\ufffd[1A');
    expect(letter?.what).toBe('worker job /mute');
    expect(letter?.claimedUser).toBe('U0EVIL\ufffd[2J\ufffd]0;owned\ufffd');
    expect(letter?.error).toBe('boom \ufffd[31mred\ufffd');
  });

  it('is not a record it can replay when it is not JSON, has no event, or names no function', () => {
    expect(readDeadLetter('{')).toBeUndefined();
    expect(
      readDeadLetter(JSON.stringify({ requestContext: { functionArn: 'x' }, requestPayload: {} })),
    ).toBeUndefined();
    expect(readDeadLetter(record({ requestPayload: undefined }))).toBeUndefined();
    expect(readDeadLetter(JSON.stringify({ Records: [] }))).toBeUndefined();
  });
});
