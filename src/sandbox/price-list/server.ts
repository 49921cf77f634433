import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the AWS Price List Query API (moto has none): the JSON 1.1 protocol over real
 * HTTP (`X-Amz-Target: AWSPriceListService.GetProducts`), TERM_MATCH filters on product
 * attributes, `PriceList` as JSON strings, `NextToken` paging, and AWS's error shapes. Point the
 * SDK at it with AWS_ENDPOINT_URL_PRICING.
 */
export interface PriceListProduct {
  product: { productFamily?: string; sku: string; attributes: Record<string, string> };
  serviceCode: string;
  terms: Record<string, unknown>;
  version?: string;
  publicationDate?: string;
}

export interface GetProductsCall {
  serviceCode: string;
  filters: Array<{ Type: string; Field: string; Value: string }>;
  nextToken?: string;
}

/** What the next call suffers instead of an answer. */
export type PriceListFault = { delayMs: number } | { error: 'AccessDeniedException' | 'ThrottlingException' };

export interface PriceListServer {
  readonly endpoint: string;
  readonly calls: GetProductsCall[];
  failNext(...faults: PriceListFault[]): void;
  /** Every call suffers this until cleared (undefined). */
  failAlways(fault: PriceListFault | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

const matches = (p: PriceListProduct, f: { Field: string; Value: string }) =>
  (f.Field === 'productFamily' ? p.product.productFamily : p.product.attributes[f.Field]) === f.Value;

export async function startPriceListServer(
  catalogue: readonly PriceListProduct[],
  options: { pageSize?: number } = {},
): Promise<PriceListServer> {
  const calls: GetProductsCall[] = [];
  let faults: PriceListFault[] = [];
  let always: PriceListFault | undefined;
  const pageSize = options.pageSize ?? 100;

  const server: Server = createServer((req, res) => {
    const send = (status: number, json: unknown, type?: string) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': `req-${calls.length}`,
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      res.end(JSON.stringify(json));
    };
    body(req)
      .then(async (raw) => {
        if (req.headers['x-amz-target'] !== 'AWSPriceListService.GetProducts')
          return send(
            400,
            { __type: 'UnknownOperationException', message: 'unknown operation' },
            'UnknownOperationException',
          );
        const input = JSON.parse(raw || '{}') as {
          ServiceCode?: string;
          Filters?: GetProductsCall['filters'];
          NextToken?: string;
          MaxResults?: number;
        };
        calls.push({ serviceCode: input.ServiceCode ?? '', filters: input.Filters ?? [], nextToken: input.NextToken });
        const fault = faults.shift() ?? always;
        if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
        else if (fault) return send(400, { __type: fault.error, Message: `${fault.error} (stand-in)` }, fault.error);
        if (!input.ServiceCode)
          return send(400, { __type: 'InvalidParameterException', Message: 'ServiceCode is required' });
        const found = catalogue.filter(
          (p) => p.serviceCode === input.ServiceCode && (input.Filters ?? []).every((f) => matches(p, f)),
        );
        const start = Number(input.NextToken ?? 0);
        const size = Math.min(input.MaxResults ?? pageSize, pageSize);
        const page = found.slice(start, start + size);
        const next = start + size < found.length ? String(start + size) : undefined;
        send(200, {
          FormatVersion: 'aws_v1',
          PriceList: page.map((p) => JSON.stringify(p)),
          ...(next ? { NextToken: next } : {}),
        });
      })
      .catch((err: unknown) => send(500, { __type: 'InternalErrorException', Message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    failNext: (...list) => void faults.push(...list),
    failAlways: (fault) => void (always = fault),
    reset() {
      calls.length = 0;
      faults = [];
      always = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
