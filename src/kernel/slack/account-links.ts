import type { SlackMessage } from './blocks';
import { linkUrl } from './text';
import { trimEndOf } from '../untrusted';

/**
 * Console links that open in the right account: through the AWS access portal of IAM Identity
 * Center, as its shortcut links do
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/createshortcutlink.html):
 * `START_URL/#/console?account_id=…&role_name=…&destination=…`.
 */
export interface ConsoleSignIn {
  /** The access portal's start URL, e.g. https://my-company.awsapps.com/start */
  startUrl: string;
  /** The permission set to open the console with; absent, the portal asks. */
  roleName?: string;
}

/** A console link of the commercial partition (the access portal's shortcut links are for it). */
const CONSOLE = /^https:\/\/(?:[a-z0-9-]+\.)?console\.aws\.amazon\.com\//;
const MRKDWN_LINK = /<(https:\/\/(?:[a-z0-9-]+\.)?console\.aws\.amazon\.com\/[^|<>\s]*)(\|[^<>]*)?>/g;
/** Slack's limits: a button's url; a text field (a section field's 2,000 is the tightest that can hold a link). */
const MAX_URL = 3000;
const MAX_TEXT = 2000;

/** The console page `url`, opened in `accountId` through the access portal. */
export function viaAccessPortal(url: string, accountId: string, signIn: ConsoleSignIn): string {
  const params = new URLSearchParams({ account_id: accountId });
  if (signIn.roleName) params.set('role_name', signIn.roleName);
  params.set('destination', url);
  return `${trimEndOf(signIn.startUrl, '/')}/#/console?${params.toString().replace(/\|/g, '%7C')}`;
}

/**
 * Every console link of a message, opened in the message's account (`message.account`) through
 * the access portal. A text that would outgrow Slack's limits keeps its plain links. Without a
 * start URL, or for a message about no account, the message is unchanged.
 */
export function linksInAccount(message: SlackMessage, signIn: ConsoleSignIn | undefined): SlackMessage {
  const accountId = message.account;
  if (!signIn || !accountId || !/^\d{12}$/.test(accountId)) return message;
  const rewrite = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key === 'url')
        return CONSOLE.test(value) ? fit(viaAccessPortal(value, accountId, signIn), value, MAX_URL) : value;
      if (!value.includes('console.aws.amazon.com')) return value;
      // The URL in the text is escaped for Slack (linkUrl): read back as the URL, escaped again.
      const linked = value.replace(MRKDWN_LINK, (_, url: string, label = '') => {
        return `<${linkUrl(viaAccessPortal(url.replace(/&amp;/g, '&'), accountId, signIn))}${label}>`;
      });
      return fit(linked, value, MAX_TEXT);
    }
    if (Array.isArray(value)) return value.map((v) => rewrite(v));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
    return value;
  };
  return {
    ...message,
    ...(message.blocks ? { blocks: rewrite(message.blocks) as SlackMessage['blocks'] } : {}),
    ...(message.attachments ? { attachments: rewrite(message.attachments) as SlackMessage['attachments'] } : {}),
  };
}

const fit = (rewritten: string, original: string, max: number) => (rewritten.length <= max ? rewritten : original);
