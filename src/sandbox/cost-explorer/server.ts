import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Cost Explorer's anomaly feedback (moto has none): the JSON 1.1 protocol over
 * real HTTP (`X-Amz-Target: AWSInsightsIndexService.ProvideAnomalyFeedback`), the anomalies it
 * knows, and AWS's error shapes. Point the SDK at it with AWS_ENDPOINT_URL_COST_EXPLORER.
 */
export interface FeedbackCall {
  anomalyId: string;
  feedback: string;
}

export interface CostExplorerServer {
  readonly endpoint: string;
  readonly calls: FeedbackCall[];
  /** The feedback each anomaly holds now, as the console would show it. */
  readonly feedback: Map<string, string>;
  /** The next call is refused with this error. */
  failNext(error: 'AccessDeniedException' | 'LimitExceededException'): void;
  close(): Promise<void>;
}

const TARGET = 'AWSInsightsIndexService.ProvideAnomalyFeedback';
const FEEDBACK = new Set(['YES', 'NO', 'PLANNED_ACTIVITY']);

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

export async function startCostExplorerServer(known: readonly string[]): Promise<CostExplorerServer> {
  const calls: FeedbackCall[] = [];
  const feedback = new Map<string, string>();
  const faults: string[] = [];
  const server: Server = createServer((req, res) => {
    const send = (status: number, json: unknown, type?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      res.end(JSON.stringify(json));
    };
    const fail = (type: string, message: string) => send(400, { __type: type, Message: message }, type);
    body(req)
      .then((raw) => {
        if (req.headers['x-amz-target'] !== TARGET) return fail('UnknownOperationException', 'unknown operation');
        const input = JSON.parse(raw || '{}') as { AnomalyId?: unknown; Feedback?: unknown };
        const call = { anomalyId: String(input.AnomalyId ?? ''), feedback: String(input.Feedback ?? '') };
        calls.push(call);
        const fault = faults.shift();
        if (fault) return fail(fault, `${fault} (stand-in)`);
        if (!FEEDBACK.has(call.feedback)) return fail('ValidationException', `Feedback ${call.feedback} is not valid`);
        if (!known.includes(call.anomalyId)) return fail('ValidationException', `No anomaly ${call.anomalyId}`);
        feedback.set(call.anomalyId, call.feedback);
        send(200, { AnomalyId: call.anomalyId });
      })
      .catch((err: unknown) => send(500, { __type: 'InternalErrorException', Message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    feedback,
    failNext: (error) => void faults.push(error),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
