import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemberAccess, memberSettingsFrom } from '../../../src/adapters/aws/member-access';

/** STS as AWS answers it (the query protocol, XML): this account is 123456789012; no role may be assumed. */
let sts: Server;
const calls: string[] = [];
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  sts = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      calls.push(action);
      res.setHeader('content-type', 'text/xml');
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
        'Lamplighter cannot act in account 333333333333: it may not assume lamplighter-read there. Deploy member.yaml in that account (README: Many accounts).',
    });
    expect(calls).toContain('AssumeRole');
  });
});
