import { IncidentConflictError, SlackDeliveryError } from '../../src/kernel/errors';
import { whileConflicting, withSlackRetry } from '../../src/kernel/retry';

function rateLimited(seconds: number) {
  return Object.assign(new SlackDeliveryError('slack_rate_limited', 'rate limited', true), {
    retryAfterMs: seconds * 1000,
  });
}

function fakeClock(start = 0) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
  };
}

describe('withSlackRetry', () => {
  it('waits out Retry-After while the invocation has time, then succeeds', async () => {
    const clock = fakeClock();
    const results = [rateLimited(3), 'posted'];
    const result = await withSlackRetry(
      async () => {
        const next = results.shift();
        if (next instanceof Error) throw next;
        return next;
      },
      { deadline: () => 60_000, ...clock },
    );
    expect(result).toBe('posted');
    expect(clock.waits).toEqual([3000]);
  });

  it('gives up at once when Retry-After is past the time budget, so Lambda retries later', async () => {
    const clock = fakeClock();
    const err = rateLimited(30);
    await expect(withSlackRetry(async () => Promise.reject(err), { deadline: () => 10_000, ...clock })).rejects.toBe(
      err,
    );
    expect(clock.waits).toEqual([]);
  });

  it('backs off on 5xx and does not retry permanent errors', async () => {
    const clock = fakeClock();
    let calls = 0;
    const transient = new SlackDeliveryError('slack_http_error', 'HTTP 503', true);
    await expect(
      withSlackRetry(
        async () => {
          calls++;
          throw transient;
        },
        { deadline: () => 60_000, maxAttempts: 3, ...clock },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(3);
    expect(clock.waits).toEqual([500, 1000]);

    calls = 0;
    const permanent = new SlackDeliveryError('slack_invalid_auth', 'invalid_auth', false);
    await expect(
      withSlackRetry(
        async () => {
          calls++;
          throw permanent;
        },
        { deadline: () => 60_000, ...clock },
      ),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
  });
});

describe('whileConflicting', () => {
  it('runs a read-modify-write again while another writer wins, and answers what the winning attempt did', async () => {
    let attempts = 0;
    const result = await whileConflicting(async () => {
      attempts++;
      if (attempts < 3) throw new IncidentConflictError('INCIDENT#a');
      return `written on attempt ${attempts}`;
    });
    expect(result).toBe('written on attempt 3');
  });

  it('gives up after its attempts with the conflict, and never retries another failure', async () => {
    let attempts = 0;
    await expect(
      whileConflicting(async () => {
        attempts++;
        throw new IncidentConflictError('INCIDENT#a');
      }, 3),
    ).rejects.toBeInstanceOf(IncidentConflictError);
    expect(attempts).toBe(3);
    attempts = 0;
    await expect(
      whileConflicting(async () => {
        attempts++;
        throw new Error('DynamoDB is down');
      }),
    ).rejects.toThrow('DynamoDB is down');
    expect(attempts).toBe(1);
  });
});
