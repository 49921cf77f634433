import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { PurgeQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { createCloudFormationReader } from '../../src/adapters/aws/cloudformation';
import { createDoctorAws, createMemberProbe } from '../../src/adapters/aws/doctor-aws';
import { doctorCommand } from '../../src/cli/doctor';
import { main } from '../../src/cli/main';
import type { DoctorDeps } from '../../src/features/doctor/run';
import { startLambdaStandIn, type LambdaStandIn } from '../../src/sandbox/lambda-invoke';
import { MANIFEST_SCOPES, startSlackApiServer, type SlackApiServer } from '../../src/sandbox/slack-api';
import { resetMoto } from '../support/aws';
import { ROOT } from '../support/paths';

const STACK = 'lamplighter-doctor';
const TOKEN = 'xoxb-doctor-token';
const REQUEST_URL = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/slack/events';
const GOOD_SECRET = JSON.stringify({ botToken: TOKEN, signingSecret: 'f00dfeed' });
const cfn = createCloudFormationReader('us-east-1');

let secretArn = '';
let queueUrl = '';
let sweeperName = '';
let lambda: LambdaStandIn;
let sts: Server;
/** Accounts whose lamplighter-read refuses the sweeper's role, as IAM would where member.yaml is missing. */
const refusing = new Set<string>();
let slack: SlackApiServer | undefined;
/** moto's CloudFormation names queues by AWS's host: the endpoint, not the URL's host, must be used. */
const sqsClient = () => new SQSClient({ useQueueUrlAsEndpoint: false });
const manifests = mkdtempSync(join(tmpdir(), 'doctor-'));

/** The central stack, as far as moto's CloudFormation builds it; the secret is made first (moto's CFN has no Secret). */
function stackTemplate(secret: string) {
  const fn = (env: Record<string, string>) => ({
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] },
      Code: { ZipFile: 'exports.handler = async () => 1' },
      Environment: { Variables: env },
    },
  });
  return JSON.stringify({
    Resources: {
      FunctionRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
        },
      },
      AlarmNotifierFunction: fn({
        SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
        LAMPLIGHTER_ROUTES: JSON.stringify([{ name: 'payments', channel: 'C0PAYMENTS', alarmNamePrefix: 'payments-' }]),
        LAMPLIGHTER_ACCOUNTS: JSON.stringify({ '222222222222': 'prod-payments', '333333333333': 'sandbox' }),
      }),
      CostGuardFunction: fn({ SLACK_DEFAULT_CHANNEL: 'C0ALERTS01', SLACK_COST_CHANNEL: 'G0COSTS001' }),
      SweeperFunction: fn({ SLACK_DEFAULT_CHANNEL: 'C0ALERTS01' }),
      DeadLetterQueue: { Type: 'AWS::SQS::Queue' },
      AlarmsTopic: { Type: 'AWS::SNS::Topic' },
      CostGuardTopic: { Type: 'AWS::SNS::Topic' },
      SpendTopic: { Type: 'AWS::SNS::Topic' },
      OpsTopic: { Type: 'AWS::SNS::Topic' },
      AllAlarmsRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
          Targets: [{ Id: 'alarms-topic', Arn: { Ref: 'AlarmsTopic' } }],
        },
      },
    },
    Outputs: {
      SlackRequestUrl: { Value: REQUEST_URL },
      SlackSecretArn: { Value: secret },
      DeadLetterQueueUrl: { Value: { Ref: 'DeadLetterQueue' } },
      AlarmsTopicArn: { Value: { Ref: 'AlarmsTopic' } },
      CostGuardTopicArn: { Value: { Ref: 'CostGuardTopic' } },
      SpendTopicArn: { Value: { Ref: 'SpendTopic' } },
      OpsTopicArn: { Value: { Ref: 'OpsTopic' } },
      AlarmNotifierFunctionName: { Value: { Ref: 'AlarmNotifierFunction' } },
      CostGuardFunctionName: { Value: { Ref: 'CostGuardFunction' } },
    },
  });
}

/** STS as the member accounts' trust policies answer it: moto assumes any role, IAM refuses where member.yaml is missing. */
async function startSts(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const roleArn = new URLSearchParams(body).get('RoleArn') ?? '';
      const account = /:iam::(\d{12}):/.exec(roleArn)?.[1];
      if (account && refusing.has(account)) {
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/lamplighter-SweeperFunctionRole/x is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        );
        return;
      }
      fetch(process.env.AWS_ENDPOINT_URL as string, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '' },
        body,
      })
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/xml' });
          res.end(await r.text());
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  await resetMoto();
  const secrets = new SecretsManagerClient({});
  secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'LamplighterSlack', SecretString: GOOD_SECRET })))
    .ARN!;
  await new CloudFormationClient({}).send(
    new CreateStackCommand({ StackName: STACK, TemplateBody: stackTemplate(secretArn) }),
  );
  const facts = await cfn.stack(STACK);
  const out = facts!.outputs;
  queueUrl = out.DeadLetterQueueUrl!;
  sweeperName = facts!.resources.SweeperFunction!;
  const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
  const sns = new SNSClient({});
  for (const [topic, fn] of [
    [out.AlarmsTopicArn, out.AlarmNotifierFunctionName],
    [out.CostGuardTopicArn, out.CostGuardFunctionName],
    [out.SpendTopicArn, out.CostGuardFunctionName],
  ])
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: fnArn(fn!) }));

  // The sweeper's real handler answers the probe, with STS as IAM would answer it.
  sts = await startSts();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`,
    SLACK_BOT_TOKEN_SECRET_ARN: secretArn,
    SLACK_DEFAULT_CHANNEL: 'C0ALERTS01',
    TABLE_NAME: 'lamplighter-doctor-state',
    MEMBER_EXTERNAL_ID: 'doctor-external-id',
  });
  // Required, not imported: it builds the sweeper from the environment set just above.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('../../handlers/sweeper') as {
    handler: (event: unknown, context: unknown) => Promise<unknown>;
  };
  lambda = await startLambdaStandIn({ [sweeperName]: (event) => handler(event, {}) });
});

afterAll(async () => {
  await lambda?.close();
  await new Promise((r) => sts?.close(r));
  for (const k of [
    'AWS_ENDPOINT_URL_STS',
    'SLACK_BOT_TOKEN_SECRET_ARN',
    'SLACK_DEFAULT_CHANNEL',
    'TABLE_NAME',
    'MEMBER_EXTERNAL_ID',
  ])
    delete process.env[k];
});

beforeEach(async () => {
  refusing.clear();
  await new SecretsManagerClient({}).send(
    new PutSecretValueCommand({ SecretId: secretArn, SecretString: GOOD_SECRET }),
  );
  await sqsClient().send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
});

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

/** A manifest as the user filled it in: every request URL set to `url`. */
function manifest(url: string): string {
  const file = join(manifests, `manifest-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    readFileSync(join(ROOT, 'manifest.yaml'), 'utf8').replaceAll(
      'https://YOUR-API-ID.execute-api.YOUR-REGION.amazonaws.com/slack/events',
      url,
    ),
  );
  return file;
}

async function doctor(
  args: string[],
  slackOptions: Parameters<typeof startSlackApiServer>[0] = {},
  deps: Partial<DoctorDeps> = {},
): Promise<{ code: number; out: string; err: string }> {
  slack = await startSlackApiServer({
    token: TOKEN,
    botChannels: ['C0ALERTS01', 'C0PAYMENTS', 'G0COSTS001'],
    ...slackOptions,
  });
  let out = '';
  let err = '';
  const code = await doctorCommand(
    ['--region', 'us-east-1', ...args],
    { SLACK_API_URL: slack.apiUrl },
    { stdout: (t) => (out += t), stderr: (t) => (err += t) },
    {
      memberProbe: (fn) => createMemberProbe(fn, 'us-east-1', new LambdaClient({ endpoint: lambda.endpoint })),
      ...deps,
    },
  );
  return { code, out, err };
}

const lines = (out: string) => out.split('\n').filter((l) => /^[✓✗·] /.test(l));

describe('lamplighter doctor', () => {
  it('passes a healthy deployment, one line per check, and exits 0', async () => {
    const { code, out } = await doctor(['--stack', STACK, '--manifest', manifest(REQUEST_URL)]);
    expect(lines(out)).toEqual([
      `✓ stack: ${STACK} is CREATE_COMPLETE`,
      '✓ secret: the Slack secret has botToken and signingSecret',
      '✓ slack token: Slack accepts the token: @lamplighter in Sandbox',
      '✓ channel C0ALERTS01: the default channel: the bot is a member',
      '✓ channel G0COSTS001: the cost channel: the bot is a member',
      '✓ channel C0PAYMENTS: route "payments": the bot is a member',
      expect.stringMatching(/^✓ request URLs: all 8 request URLs in .* are the stack's SlackRequestUrl$/),
      expect.stringMatching(/^✓ alarms rule: .* sends every alarm state change to the alarms topic$/),
      '✓ alarms topic: the alarm notifier is subscribed',
      '✓ cost-guard topic: the cost guard is subscribed',
      '✓ spend topic: the cost guard is subscribed',
      '✓ dead-letter queue: empty',
      '✓ account prod-payments (222222222222): Lamplighter may assume lamplighter-read there',
      '✓ account sandbox (333333333333): Lamplighter may assume lamplighter-read there',
    ]);
    expect(out).toContain('All 14 checks passed.');
    expect(code).toBe(0);
    // Read-only: nothing was posted.
    expect(slack!.callsTo('chat.postMessage')).toEqual([]);
  });

  it('says a stack that does not exist is missing, and how to deploy it', async () => {
    const { code, out } = await doctor(['--stack', 'nothing-here']);
    expect(out).toContain(
      '✗ stack: no stack named nothing-here in us-east-1\n    → deploy it (sam build && sam deploy --guided)',
    );
    expect(code).toBe(1);
  });

  it('says a stack whose first deploy rolled back is unusable, why, and what to do', async () => {
    // moto leaves a failed create IN_PROGRESS and never rolls back: CloudFormation's answer is
    // stood in at the port, the rest is moto's.
    const aws = createDoctorAws('us-east-1');
    const rolledBack = {
      ...aws,
      stack: async () => ({
        id: `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/1`,
        status: 'ROLLBACK_COMPLETE',
        statusReason:
          'The following resource(s) failed to create: [AlarmNotifierFunction]. Rollback requested by user.',
        outputs: {},
        resources: {},
      }),
    };
    const { code, out } = await doctor(['--stack', STACK], {}, { aws: rolledBack });
    expect(lines(out)).toEqual([
      `✗ stack: ${STACK} is ROLLBACK_COMPLETE: its first deploy failed and was rolled back (The following resource(s) failed to create: [AlarmNotifierFunction]. Rollback requested by user.)`,
    ]);
    expect(out).toContain(
      `→ read why in aws cloudformation describe-stack-events --stack-name ${STACK} --region us-east-1`,
    );
    expect(code).toBe(1);
  });

  it('finds the placeholder in the secret, gives the put-secret-value command, and skips Slack', async () => {
    await new SecretsManagerClient({}).send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        SecretString: '{"botToken":"xoxb-real","signingSecret":"REPLACE_ME","placeholder":"x"}',
      }),
    );
    const { code, out } = await doctor(['--stack', STACK]);
    expect(out).toContain('✗ secret: the Slack secret has no signingSecret yet (or the placeholder)');
    expect(out).toContain(
      `→ aws secretsmanager put-secret-value --secret-id ${secretArn} --secret-string '{"botToken":"xoxb-…","signingSecret":"…"}'`,
    );
    expect(out).toContain('· slack: not checked: the secret holds no usable bot token');
    expect(code).toBe(1);
  });

  it('reports a token Slack refuses (invalid_auth)', async () => {
    const { code, out } = await doctor(['--stack', STACK], { token: 'xoxb-another-token' });
    expect(out).toContain('✗ slack token: Slack refuses the token: invalid_auth');
    expect(out).toContain("→ copy the app's Bot User OAuth Token (OAuth & Permissions) into the secret again");
    expect(code).toBe(1);
  });

  it('reports a private channel the bot is not in, and a public one it may not post in without chat:write.public', async () => {
    const { code, out } = await doctor(['--stack', STACK], {
      botChannels: ['C0ALERTS01'],
      scopes: MANIFEST_SCOPES.filter((s) => s !== 'chat:write.public'),
    });
    expect(out).toContain(
      '✗ channel G0COSTS001: the cost channel: no such channel the bot can see (a private channel it is not in?)\n    → in Slack, open the channel and type /invite @Lamplighter, or fix the id',
    );
    expect(out).toContain(
      '✗ channel C0PAYMENTS: route "payments": the bot is not a member and lacks chat:write.public',
    );
    expect(code).toBe(1);
  });

  it('accepts a public channel the bot has not joined when it has chat:write.public', async () => {
    const { out } = await doctor(['--stack', STACK], { botChannels: ['C0ALERTS01', 'G0COSTS001'] });
    expect(out).toContain('✓ channel C0PAYMENTS: route "payments": public, posts through chat:write.public');
  });

  it("compares the manifest's request URLs with the stack's, and leaves the repository's placeholders unjudged", async () => {
    const wrong = await doctor([
      '--stack',
      STACK,
      '--manifest',
      manifest('https://old.execute-api.eu-west-1.amazonaws.com/slack/events'),
    ]);
    expect(wrong.out).toContain('✗ request URLs: 8 of the 8 request URLs in');
    expect(wrong.out).toContain(`→ set every url and request_url to ${REQUEST_URL}`);
    expect(wrong.code).toBe(1);
    await slack?.close();
    const repo = await doctor(['--stack', STACK], {});
    expect(repo.out).toContain(
      '· request URLs: manifest.yaml still holds the placeholders; pass your filled-in copy with --manifest FILE',
    );
  });

  it('counts what waits in the dead-letter queue and prints the redrive command', async () => {
    const sqs = sqsClient();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"requestPayload":{}}' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"requestPayload":{}}' }));
    const { code, out } = await doctor(['--stack', STACK]);
    expect(out).toContain('✗ dead-letter queue: 2 events failed and wait there');
    expect(out).toContain(
      `npx lamplighter redrive --stack ${STACK} --queue ${queueUrl} (a dry run; add --yes to replay)`,
    );
    expect(code).toBe(1);
  });

  it('reports a member account whose lamplighter-read the sweeper may not assume', async () => {
    refusing.add('333333333333');
    const { code, out } = await doctor(['--stack', STACK]);
    expect(out).toContain('✓ account prod-payments (222222222222): Lamplighter may assume lamplighter-read there');
    expect(out).toMatch(
      /^✗ account sandbox \(333333333333\): Lamplighter cannot assume lamplighter-read there: AccessDenied: User: arn:aws:sts::123456789012:assumed-role\/lamplighter-SweeperFunctionRole\/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role\/lamplighter-read$/m,
    );
    expect(out).toContain('→ deploy member.yaml in that account');
    expect(code).toBe(1);
  });

  it('with --send-test, posts a test message in the default channel and deletes it', async () => {
    const { out } = await doctor(['--stack', STACK, '--send-test']);
    expect(out).toContain('✓ test message: posted in C0ALERTS01 and deleted');
    expect(slack!.callsTo('chat.postMessage').map((c) => c.body.channel)).toEqual(['C0ALERTS01']);
    expect(slack!.callsTo('chat.delete')).toHaveLength(1);
    expect(slack!.messages).toEqual([]);
  });

  it('answers a bad option with its usage, before touching AWS', async () => {
    let err = '';
    const code = await main(['doctor', '--stak', 'x'], {
      stdout: () => {},
      stderr: (t) => (err += t),
      readStdin: async () => '',
    });
    expect(code).toBe(2);
    expect(err).toContain('lamplighter doctor: unknown option --stak');
    expect(err).toContain('usage: lamplighter doctor [--stack NAME] [--region R] [--manifest FILE] [--send-test]');
  });
});
