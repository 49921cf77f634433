import { own } from '../schema';
import { wellFormed } from '../untrusted';
/** AWS console links, built only from values we parsed (region codes, names we encode). */

/** encodeURIComponent throws URIError on a lone surrogate: a broken name must not lose the alert. */
const encode = (text: string) => encodeURIComponent(wellFormed(text));

const CONSOLE_DOMAINS: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

function consoleBase(partition: string, region: string | undefined): string {
  const domain = own(CONSOLE_DOMAINS, partition) ?? CONSOLE_DOMAINS.aws;
  return region ? `https://${region}.${domain}` : `https://${domain}`;
}

export function alarmConsoleUrl(partition: string, region: string | undefined, alarmName: string): string {
  const query = region ? `?region=${region}` : '';
  return `${consoleBase(partition, region)}/cloudwatch/home${query}#alarmsV2:alarm/${encode(alarmName)}`;
}

/** The console's log views take a URI-encoded fragment with `$` in place of `%`. */
function consoleFragment(value: string): string {
  return encode(value).replace(/%/g, '$');
}

export function logEventsConsoleUrl(
  partition: string,
  region: string,
  logGroup: string,
  options: { filterPattern?: string; start?: Date; end?: Date } = {},
): string {
  const params: string[] = [];
  if (options.filterPattern) params.push(`filterPattern=${encode(options.filterPattern)}`);
  if (options.start) params.push(`start=${options.start.getTime()}`);
  if (options.end) params.push(`end=${options.end.getTime()}`);
  const events = params.length ? `/log-events${consoleFragment('?' + params.join('&'))}` : '';
  return `${consoleBase(partition, region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${consoleFragment(
    encode(logGroup),
  )}${events}`;
}

/** The CloudTrail console's page for one event. */
export function cloudTrailEventUrl(region: string | undefined, eventId: string): string {
  const r = region ?? 'us-east-1';
  return `https://${r}.console.aws.amazon.com/cloudtrail/home?region=${r}#/events/${encode(eventId)}`;
}

/** The console page of a created resource, where we know its shape; undefined otherwise. */
export function resourceConsoleUrl(service: string, region: string, id: string | undefined): string | undefined {
  const base = `https://${region}.console.aws.amazon.com`;
  const q = `?region=${region}`;
  const e = id ? encode(id.split(',')[0]?.trim() ?? id) : undefined;
  switch (service) {
    case 'dynamodb':
      return e ? `${base}/dynamodbv2/home${q}#table?name=${e}` : undefined;
    case 'redshift':
      return e ? `${base}/redshiftv2/home${q}#cluster-details?cluster=${e}` : undefined;
    case 'rds':
      return e ? `${base}/rds/home${q}#database:id=${e}` : undefined;
    case 'ec2':
      if (e?.startsWith('i-')) return `${base}/ec2/home${q}#InstanceDetails:instanceId=${e}`;
      if (e?.startsWith('vol-')) return `${base}/ec2/home${q}#VolumeDetails:volumeId=${e}`;
      if (e?.startsWith('nat-')) return `${base}/vpcconsole/home${q}#NatGatewayDetails:natGatewayId=${e}`;
      return undefined;
    case 'eks':
      return e ? `${base}/eks/home${q}#/clusters/${e}` : undefined;
    case 'es':
      return e ? `${base}/aos/home${q}#opensearch/domains/${e}` : undefined;
    case 'sagemaker':
      return e ? `${base}/sagemaker/home${q}#/endpoints/${e}` : undefined;
    case 'kinesis':
      return e ? `${base}/kinesis/home${q}#/streams/details/${e}/monitoring` : undefined;
    default:
      return undefined;
  }
}
