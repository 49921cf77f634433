import { own } from '../schema';
/**
 * AWS region codes and the display names CloudWatch puts in alarm notifications' `Region` field.
 * The field is a display name ("US East (N. Virginia)"), and older notifications used older names,
 * so the code is taken from the alarm ARN whenever there is one.
 */
const REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'af-south-1': 'Africa (Cape Town)',
  'ap-east-1': 'Asia Pacific (Hong Kong)',
  'ap-east-2': 'Asia Pacific (Taipei)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-south-2': 'Asia Pacific (Hyderabad)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)',
  'ap-southeast-5': 'Asia Pacific (Malaysia)',
  'ap-southeast-7': 'Asia Pacific (Thailand)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ca-central-1': 'Canada (Central)',
  'ca-west-1': 'Canada West (Calgary)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-central-2': 'Europe (Zurich)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'eu-south-1': 'Europe (Milan)',
  'eu-south-2': 'Europe (Spain)',
  'eu-north-1': 'Europe (Stockholm)',
  'il-central-1': 'Israel (Tel Aviv)',
  'me-south-1': 'Middle East (Bahrain)',
  'me-central-1': 'Middle East (UAE)',
  'mx-central-1': 'Mexico (Central)',
  'sa-east-1': 'South America (São Paulo)',
  'us-gov-east-1': 'AWS GovCloud (US-East)',
  'us-gov-west-1': 'AWS GovCloud (US-West)',
  'cn-north-1': 'China (Beijing)',
  'cn-northwest-1': 'China (Ningxia)',
};

/** Older and alternative display names seen in real notifications. */
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  'EU (Ireland)': 'eu-west-1',
  'EU - Ireland': 'eu-west-1',
  'EU (London)': 'eu-west-2',
  'EU (Frankfurt)': 'eu-central-1',
  'EU (Paris)': 'eu-west-3',
  'EU (Stockholm)': 'eu-north-1',
  'EU (Milan)': 'eu-south-1',
  'US (Virginia)': 'us-east-1',
  'US - N. Virginia': 'us-east-1',
  'South America (Sao Paulo)': 'sa-east-1',
};

const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

export function regionName(code: string): string | undefined {
  return own(REGION_NAMES, code);
}

/** Maps a display name back to its code, when we know it. */
export function regionCodeFromName(name: string): string | undefined {
  const trimmed = name.trim();
  if (isRegionCode(trimmed)) return trimmed;
  const legacy = own(LEGACY_NAMES, trimmed);
  if (legacy) return legacy;
  return Object.keys(REGION_NAMES).find((code) => REGION_NAMES[code] === trimmed);
}
