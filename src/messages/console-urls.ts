/** AWS console links, built only from values we parsed (region codes, names we encode). */

const CONSOLE_DOMAINS: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

function consoleBase(partition: string, region: string | undefined): string {
  const domain = CONSOLE_DOMAINS[partition] ?? CONSOLE_DOMAINS.aws;
  return region ? `https://${region}.${domain}` : `https://${domain}`;
}

export function alarmConsoleUrl(partition: string, region: string | undefined, alarmName: string): string {
  const query = region ? `?region=${region}` : '';
  return `${consoleBase(partition, region)}/cloudwatch/home${query}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** The console's log views take a URI-encoded fragment with `$` in place of `%`. */
function consoleFragment(value: string): string {
  return encodeURIComponent(value).replace(/%/g, '$');
}

export function logEventsConsoleUrl(
  partition: string,
  region: string,
  logGroup: string,
  options: { filterPattern?: string; start?: Date; end?: Date } = {},
): string {
  const params: string[] = [];
  if (options.filterPattern) params.push(`filterPattern=${encodeURIComponent(options.filterPattern)}`);
  if (options.start) params.push(`start=${options.start.getTime()}`);
  if (options.end) params.push(`end=${options.end.getTime()}`);
  const events = params.length ? `/log-events${consoleFragment('?' + params.join('&'))}` : '';
  return `${consoleBase(partition, region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${consoleFragment(
    encodeURIComponent(logGroup),
  )}${events}`;
}
