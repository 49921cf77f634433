import { createHash, createHmac } from 'node:crypto';
import { STSClient } from '@aws-sdk/client-sts';
import type { StackFacts } from '../../features/doctor/port';

/**
 * CloudFormation's two read calls doctor makes (DescribeStacks, ListStackResources), over its
 * Query API, signed with Signature Version 4 and the SDK's default credentials. Why by hand:
 * `@aws-sdk/client-cloudformation` is not a dependency yet; with it, this file becomes two
 * `send` calls. The endpoint follows the SDK's variables (AWS_ENDPOINT_URL_CLOUDFORMATION,
 * AWS_ENDPOINT_URL), so tests reach moto.
 */
export function createCloudFormationReader(region: string) {
  const credentials = new STSClient({ region }).config.credentials;
  const endpoint =
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION ??
    process.env.AWS_ENDPOINT_URL ??
    `https://cloudformation.${region}.amazonaws.com`;

  async function call(action: string, params: Record<string, string>): Promise<{ status: number; xml: string }> {
    const body = new URLSearchParams({ Action: action, Version: '2010-05-15', ...params }).toString();
    const url = new URL(endpoint.endsWith('/') ? endpoint : endpoint + '/');
    const creds = await credentials();
    const headers = signV4({
      method: 'POST',
      url,
      body,
      region,
      service: 'cloudformation',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      credentials: creds,
      now: new Date(),
    });
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
    return { status: res.status, xml: await res.text() };
  }

  return {
    call,
    /** Undefined when no stack of that name exists (CloudFormation's ValidationError "does not exist"). */
    async stack(name: string): Promise<StackFacts | undefined> {
      const described = await call('DescribeStacks', { StackName: name });
      if (described.status === 400 && /does not exist/.test(described.xml)) return undefined;
      if (described.status !== 200) throw new Error(`DescribeStacks: ${errorOf(described.xml)}`);
      const stack = between(described.xml, '<member>', '</Stacks>') ?? '';
      const resources: Record<string, string> = {};
      let next: string | undefined;
      for (let page = 0; page < 20; page++) {
        const listed = await call('ListStackResources', { StackName: name, ...(next ? { NextToken: next } : {}) });
        if (listed.status !== 200) throw new Error(`ListStackResources: ${errorOf(listed.xml)}`);
        for (const m of members(between(listed.xml, '<StackResourceSummaries>', '</StackResourceSummaries>') ?? '')) {
          const logical = tag(m, 'LogicalResourceId');
          const physical = tag(m, 'PhysicalResourceId');
          if (logical && physical) resources[logical] = physical;
        }
        next = tag(listed.xml, 'NextToken');
        if (!next) break;
      }
      const outputs: Record<string, string> = {};
      for (const m of members(between(stack, '<Outputs>', '</Outputs>') ?? '')) {
        const key = tag(m, 'OutputKey');
        if (key) outputs[key] = tag(m, 'OutputValue') ?? '';
      }
      const reason = tag(stack, 'StackStatusReason');
      return {
        id: tag(stack, 'StackId') ?? '',
        status: tag(stack, 'StackStatus') ?? 'UNKNOWN',
        ...(reason ? { statusReason: reason } : {}),
        outputs,
        resources,
      };
    },
  };
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Signature Version 4 headers for one request (the AWS General Reference's algorithm). */
export function signV4(r: {
  method: string;
  url: URL;
  body: string;
  region: string;
  service: string;
  headers: Record<string, string>;
  credentials: Credentials;
  now: Date;
}): Record<string, string> {
  const amzDate = r.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: r.url.host,
    'x-amz-date': amzDate,
    ...(r.credentials.sessionToken ? { 'x-amz-security-token': r.credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    r.method,
    r.url.pathname || '/',
    [...r.url.searchParams]
      .sort()
      .map(([k, v]) => `${encode(k)}=${encode(v)}`)
      .join('&'),
    names.map((n) => `${n}:${String(headers[n]).trim()}\n`).join(''),
    names.join(';'),
    sha256(r.body),
  ].join('\n');
  const scope = `${day}/${r.region}/${r.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${r.credentials.secretAccessKey}`, day);
  for (const part of [r.region, r.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${r.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? ''),
  );

/** The text of the first `<name>` element (CloudFormation's answers hold no attributes on these). */
function tag(xml: string, name: string): string | undefined {
  const start = xml.indexOf(`<${name}>`);
  if (start < 0) return undefined;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : unescapeXml(xml.slice(start + name.length + 2, end));
}

function between(xml: string, open: string, close: string): string | undefined {
  const start = xml.indexOf(open);
  if (start < 0) return undefined;
  const end = xml.indexOf(close, start);
  return end < 0 ? undefined : xml.slice(start + open.length, end);
}

/** The `<member>` elements of a list whose members hold no nested lists. */
function members(xml: string): string[] {
  return xml
    .split('<member>')
    .slice(1)
    .map((m) => m.split('</member>')[0] ?? '');
}

function errorOf(xml: string): string {
  return `${tag(xml, 'Code') ?? 'error'}: ${(tag(xml, 'Message') ?? xml).slice(0, 300)}`;
}
