import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSandboxAws } from '../../adapters/aws/sandbox-aws';
import { serve } from '../../cli/serve';
import { parseRoutes } from '../../config/routes';
import type { Logger } from '../../kernel/log';
import { startMoto, type Moto } from '../moto';
import { SANDBOX_SIGNING_SECRET } from '../published-secrets';
import { startSlackApiServer } from '../slack-api';
import { channelId } from '../slack-api/channels';
import { createLambdas } from './lambdas';
import { seedWorld } from './scenarios';
import { startSchedules } from './schedules';
import { startPageServer } from './server';
import { createScenarioTrail } from './trail';
import type { SandboxChannel, SandboxUser } from './slack-requests';
import { createView } from './view';

const SIGNING_SECRET = SANDBOX_SIGNING_SECRET;
const TOKEN = 'xoxb-lamplighter-sandbox';
const TABLE = 'lamplighter-sandbox-state';

/** One of each role, so the switcher shows them at work (LAMPLIGHTER_ROLES below). */
export const USERS: SandboxUser[] = [
  { id: 'U0OPERATOR', name: 'olive', role: 'operator' },
  { id: 'U0RESPONDR', name: 'riley', role: 'responder' },
  { id: 'U0VIEWER01', name: 'vic', role: 'viewer' },
];

/** The page script, as `npm run build` bundles it (dist/sandbox/client.js). */
export function clientScript(root: string): string {
  const file = join(root, 'dist', 'sandbox', 'client.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return file;
}

/**
 * Everything on one machine, no accounts: moto (seeded), the Slack test server, `serve` with the
 * worker in-process, the notifier and the cost guard in-process behind moto's SNS topics, and
 * the page. Ports are free ones unless `port` is given (for the page).
 */
export async function startSandbox(opts: { root: string; port?: number; log: Logger }) {
  const moto: Moto = await startMoto();
  const stops: Array<() => Promise<void>> = [() => moto.stop()];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
    });
    const aws = createSandboxAws();
    const { instanceId } = await seedWorld(aws, TABLE);
    const routes = [{ name: 'payments', channel: '#payments', alarmNamePrefix: 'payments-' }];
    const names = [
      'alerts',
      ...parseRoutes(JSON.stringify(routes)).map((r) => r.channel.replace(/^#/, '')),
      'cost-watch',
    ];
    const channels: SandboxChannel[] = [...new Set(names)].map((name) => ({ id: channelId(name), name }));
    // The workspace has these channels, by name and id (conversations.list finds '#alerts'); DMs too.
    const slack = await startSlackApiServer({ token: TOKEN, channels, otherChannels: true });
    stops.push(() => slack.close());
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      TABLE_NAME: TABLE,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_DEFAULT_CHANNEL: '#alerts',
      SLACK_COST_CHANNEL: '#cost-watch',
      LAMPLIGHTER_ROUTES: JSON.stringify(routes),
      LAMPLIGHTER_ROLES: JSON.stringify([
        { role: 'operator', users: ['U0OPERATOR'] },
        { role: 'responder', users: ['U0RESPONDR'] },
        { role: 'viewer', users: ['U0VIEWER01'] },
      ]),
      LOGS_ALLOWED_PREFIXES: '/aws/lambda/,/app/',
      LOGS_ALIASES: JSON.stringify({ 'api-prod': '/app/api-prod' }),
      GRAPHS_ENABLED: 'true',
      LOG_LINES: '5',
      // One thread reply per change, at once: the page shows each as it happens.
      THREAD_DIGEST_SECONDS: '0',
      // The page runs the notifier one invocation at a time (lambdas.ts), where waiting for a storm
      // to gather would only delay each alarm: posted at once.
      STORM_GATHER_SECONDS: '0',
      // The page's storm is over seconds after its all-clear, not a minute: each alarm's own
      // message comes back, current, while you watch.
      STORM_CALM_SECONDS: '5',
      // The bundled, dated price list: moto has no Price List API.
      PRICE_LIST_API: 'false',
      PORT: '0',
    };
    // moto has no LookupEvents: /trail and "What changed" read what the scenarios did.
    const trail = createScenarioTrail({ region: 'us-east-1', account: '123456789012' });
    const server = await serve(env, opts.log, { trail: trail.port });
    stops.push(() => server.stop());
    const lambdas = createLambdas(env, aws, opts.log, trail.port);
    const view = createView(slack, USERS, channels);
    const page = await startPageServer({
      slack,
      view,
      lambdas,
      aws,
      trail,
      eventsUrl: `http://127.0.0.1:${server.port}/slack/events`,
      signingSecret: SIGNING_SECRET,
      users: USERS,
      channels,
      root: opts.root,
      clientJs: clientScript(opts.root),
      port: opts.port ?? 0,
      log: opts.log,
    });
    stops.push(() => page.close());
    await lambdas.subscribe(page.url);
    const schedules = startSchedules(env, lambdas, opts.log);
    stops.push(() => schedules.stop());
    return {
      url: page.url,
      moto: moto.endpoint,
      slackApiUrl: slack.apiUrl,
      eventsUrl: `http://127.0.0.1:${server.port}/slack/events`,
      instanceId,
      slack,
      idle: async () => {
        await lambdas.idle();
        await server.idle();
      },
      /** Runs the scheduled passes now (the notifier's drain, the sweep), as the timer does. */
      tick: () => schedules.tick(),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
