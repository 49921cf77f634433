import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemberAccess, memberSettingsFrom } from '../../../src/adapters/aws/member-access';

/**
 * STS as AWS answers it (the query protocol, XML): this account is 123456789012; only account
 * 222222222222's roles may be assumed. moto ignores SourceIdentity, so what is asked is recorded here.
 */
let sts: Server;
const calls: string[] = [];
const assumed: Array<Record<string, string>> = [];
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  sts = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      calls.push(action);
      res.setHeader('content-type', 'text/xml');
      const params = Object.fromEntries(new URLSearchParams(body));
      if (action === 'AssumeRole') assumed.push(params);
      if (action === 'AssumeRole' && params.RoleArn?.includes(':222222222222:')) {
        res.end(
          '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
            '<AccessKeyId>ASIAMEMBER</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>' +
            `<Expiration>${new Date(Date.now() + 900_000).toISOString()}</Expiration></Credentials>` +
            `<AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/lamplighter-read/${params.RoleSessionName}</Arn>` +
            '<AssumedRoleId>AROA:x</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>' +
            '<ResponseMetadata><RequestId>3</RequestId></ResponseMetadata></AssumeRoleResponse>',
        );
        return;
      }
      if (action === 'GetCallerIdentity') {
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            '<Arn>arn:aws:iam::123456789012:role/central</Arn><UserId>AROA</UserId><Account>123456789012</Account>' +
            '</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
        return;
      }
      res.statusCode = 403;
      res.end(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
          '<Message>not authorized to perform: sts:AssumeRole</Message></Error><RequestId>2</RequestId></ErrorResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
  saved = { ...process.env };
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});
afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => sts.close(resolve));
});

describe('acting in a member account', () => {
  const settings = memberSettingsFrom({ MEMBER_EXTERNAL_ID: 'shared-secret-1' })!;

  it('uses the function’s own credentials for its own account and where no organisation is set up', async () => {
    expect(await createMemberAccess(settings).credentialsFor('123456789012', 'read')).toBeUndefined();
    expect(await createMemberAccess(undefined).credentialsFor('333333333333', 'read')).toBeUndefined();
    expect(memberSettingsFrom({ MEMBER_EXTERNAL_ID: ' ' })).toBeUndefined();
  });

  it('answers an account without the role plainly, naming the role and what to deploy', async () => {
    const provider = await createMemberAccess(settings).credentialsFor('333333333333', 'read');
    await expect(provider!()).rejects.toMatchObject({
      name: 'ActionError',
      code: 'access_denied',
      message:
        'Lamplighter cannot act in account 333333333333: it may not assume lamplighter-read there. Deploy member.yaml in that account (docs/organisations.md).',
    });
    expect(calls).toContain('AssumeRole');
  });
});

describe('who a member account sees acting', () => {
  const settings = memberSettingsFrom({ MEMBER_EXTERNAL_ID: 'shared-secret-1' })!;
  beforeEach(() => (assumed.length = 0));

  it('names a person’s session for their Slack user, and sets it as the source identity', async () => {
    const access = createMemberAccess(settings, { sessionName: 'lamplighter-worker' });
    await access.actingFor!('U0ALICE001', async () => (await access.credentialsFor('222222222222', 'read'))!());
    await access.actingFor!('U0BOB00001', async () => (await access.credentialsFor('222222222222', 'read'))!());
    expect(assumed.map((p) => [p.RoleSessionName, p.SourceIdentity, p.ExternalId])).toEqual([
      ['lamplighter-U0ALICE001', 'U0ALICE001', 'shared-secret-1'],
      ['lamplighter-U0BOB00001', 'U0BOB00001', 'shared-secret-1'],
    ]);
  });

  it('names an automated path’s session for the function, with no source identity', async () => {
    const access = createMemberAccess(settings, { sessionName: 'lamplighter-notifier' });
    await (await access.credentialsFor('222222222222', 'read'))!();
    expect(assumed).toEqual([expect.objectContaining({ RoleSessionName: 'lamplighter-notifier' })]);
    expect(assumed[0]).not.toHaveProperty('SourceIdentity');
  });

  it('keeps a session name and source identity within what STS accepts, whatever the user id holds', async () => {
    const access = createMemberAccess(settings);
    await access.actingFor!('U0<!x>/é' + 'Z'.repeat(80), async () =>
      (await access.credentialsFor('222222222222', 'read'))!(),
    );
    const [p] = assumed;
    expect(p!.RoleSessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(p!.SourceIdentity).toMatch(/^[\w+=,.@-]{2,64}$/);
    expect(p!.RoleSessionName!.startsWith('lamplighter-U0__x___ZZ')).toBe(true);
  });
});

describe('the external id', () => {
  beforeEach(() => (assumed.length = 0));

  it('is read from Secrets Manager once, when a member role is first assumed, not at start-up', async () => {
    let reads = 0;
    const settings = memberSettingsFrom(
      { MEMBER_EXTERNAL_ID_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:member-external-id' },
      async (arn) => {
        reads++;
        expect(arn).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:member-external-id');
        return 'from-the-secret';
      },
    )!;
    const access = createMemberAccess(settings);
    expect(access.enabled).toBe(true);
    expect(reads).toBe(0);
    await (await access.credentialsFor('222222222222', 'read'))!();
    await (await access.credentialsFor('222222222222', 'operator'))!();
    expect(reads).toBe(1);
    expect(assumed.map((p) => p.ExternalId)).toEqual(['from-the-secret', 'from-the-secret']);
  });
});
