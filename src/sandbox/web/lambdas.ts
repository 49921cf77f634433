import { createCostGuardAws } from '../../adapters/aws/cost-guard-aws';
import { createNotifierAws } from '../../adapters/aws/notifier-aws';
import type { SandboxAws } from '../../adapters/aws/sandbox-aws';
import { createSlackClient } from '../../adapters/slack/web-api';
import { createCostGuardApp } from '../../app/cost-guard';
import { createNotifierApp } from '../../app/notifier';
import type { TrailPort } from '../../features/trail/port';
import type { Env } from '../../config/env';
import type { Logger } from '../../kernel/log';
import { graphSvg } from './graph';

/** The sandbox's SNS topics, as template.yaml names them, and the function each one invokes. */
export const TOPICS = {
  alarms: 'alarm-notifier',
  'cost-guard': 'cost-guard',
  spend: 'cost-guard',
} as const;
export type TopicName = keyof typeof TOPICS;
type FunctionName = (typeof TOPICS)[TopicName];

/** What moto POSTs to an http subscription: the SNS HTTP notification (not yet Lambda's event). */
interface HttpNotification {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  UnsubscribeURL?: string;
  MessageAttributes?: Record<string, unknown>;
}

/**
 * The notifier and the cost guard, in-process, fed by moto's SNS. moto cannot invoke a Lambda
 * function without Docker, but it does POST to an http subscription. So each topic gets an http
 * subscription to the page server, and what moto POSTs is wrapped as Lambda's SNS event record
 * (the same fields, Lambda's spelling) and handed to the function's handler, one at a time per
 * function, as a reserved concurrency of 1 would. The POST is answered at once: moto holds its
 * lock while it delivers, and the handler needs moto.
 */
/** moto has no CloudTrail LookupEvents: /trail and "what changed" answer from an empty trail. */
export const noTrail: TrailPort = { lookup: async () => [] };

export function createLambdas(env: Env, aws: SandboxAws, log: Logger, trail: TrailPort = noTrail) {
  const slackFor = (token: string, config: { slackApiUrl: string; slackTimeoutMs: number }) =>
    createSlackClient({ token, apiUrl: config.slackApiUrl, timeoutMs: config.slackTimeoutMs, log });
  const notifier = createNotifierApp(env, {
    aws: createNotifierAws(env.TABLE_NAME ?? ''),
    slackFor,
    // moto has no GetMetricWidgetImage: the sandbox draws the graph itself.
    graphs: { render: async (_region, widget) => Buffer.from(graphSvg(JSON.parse(widget) as Record<string, unknown>)) },
    trail,
    log,
  });
  const costGuard = createCostGuardApp(env, { aws: createCostGuardAws(env.TABLE_NAME ?? ''), slackFor, log });
  const handlers: Record<FunctionName, (event: unknown) => Promise<unknown>> = {
    'alarm-notifier': (event) => notifier.handle(event, Date.now() + 60_000),
    'cost-guard': (event) => costGuard.handle(event, Date.now() + 60_000),
  };
  const queues = new Map<string, Promise<void>>();
  const subscriptions = new Map<string, string>();
  const topicArns = new Map<TopicName, string>();
  const enqueue = (fn: FunctionName, event: unknown) => {
    const run = (queues.get(fn) ?? Promise.resolve())
      .then(() => handlers[fn](event))
      .then(
        () => undefined,
        (err: unknown) => log.error('in-process function failed', { function: fn, error: err }),
      );
    queues.set(fn, run);
  };

  return {
    /** Creates the topics in moto and subscribes `base/sns/<function>` to each. */
    async subscribe(base: string) {
      for (const [topic, fn] of Object.entries(TOPICS) as Array<[TopicName, FunctionName]>) {
        const arn = await aws.createTopic(`lamplighter-${topic}`);
        topicArns.set(topic, arn);
        subscriptions.set(arn, await aws.subscribeHttp(arn, `${base}/sns/${fn}`));
      }
    },
    /** Publishes to a topic in moto (which delivers to the subscribed function). */
    async publish(topic: TopicName, message: string, subject?: string) {
      const arn = topicArns.get(topic);
      if (!arn) throw new Error(`topic ${topic} is not created yet`);
      await aws.publish(arn, message, subject);
    },
    /** moto's POST to `/sns/<function>`: true if the function exists (the answer is sent at once). */
    deliver(fn: string, body: string): boolean {
      if (!Object.hasOwn(handlers, fn)) return false;
      const note = JSON.parse(body) as HttpNotification;
      if (note.Type !== 'Notification') return true;
      enqueue(fn as FunctionName, lambdaSnsEvent(note, subscriptions.get(note.TopicArn) ?? note.TopicArn));
      return true;
    },
    /** The notifier's scheduled pass (`{"lamplighter":"drain"}`, every minute in AWS): what channels are owed. */
    drain() {
      enqueue('alarm-notifier', { lamplighter: 'drain' });
    },
    /** Resolves when every delivery so far has been handled. */
    idle: () => Promise.all([...queues.values()]).then(() => undefined),
  };
}

/** An SNS HTTP notification as Lambda's SNS event carries it (`SigningCertUrl`, `UnsubscribeUrl`). */
export function lambdaSnsEvent(note: HttpNotification, subscriptionArn: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: note.Type,
          MessageId: note.MessageId,
          TopicArn: note.TopicArn,
          Subject: note.Subject ?? null,
          Message: note.Message,
          Timestamp: note.Timestamp,
          SignatureVersion: note.SignatureVersion ?? '1',
          Signature: note.Signature ?? '',
          SigningCertUrl: note.SigningCertURL ?? '',
          UnsubscribeUrl: note.UnsubscribeURL ?? '',
          MessageAttributes: note.MessageAttributes ?? {},
        },
      },
    ],
  };
}

export type Lambdas = ReturnType<typeof createLambdas>;
