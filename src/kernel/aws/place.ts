import { parseArn } from './arn';

/**
 * Where an AWS call is made: an account of the organisation and a region. A part left out is the
 * function's own (its account, its region).
 */
export interface Place {
  accountId?: string;
  region?: string;
}

/** The account and region an ARN names (an alarm's, an incident's key); nothing for anything else. */
export function placeOfArn(arn: string | undefined): Place {
  const parsed = parseArn(arn);
  if (!parsed) return {};
  return {
    ...(/^\d{12}$/.test(parsed.accountId) ? { accountId: parsed.accountId } : {}),
    ...(parsed.region ? { region: parsed.region } : {}),
  };
}
