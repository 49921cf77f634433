import { asText } from '../../kernel/schema';
import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import { cloudTrailEventUrl } from '../../kernel/aws/console-urls';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { whereText, whoText } from '../../kernel/slack/cloudtrail-text';
import { formatUtc, inlineCode } from '../../kernel/slack/format';
import { SEVERITY_STYLE } from '../../kernel/slack/severity';
import { actions, button, escapeMrkdwn, fieldsSection, header, notificationText } from '../../kernel/slack/text';
import type { SecurityFinding } from './detect';

/** A root sign-in, a console sign-in without MFA, or trail tampering, as one loud message. */
export function formatSecurityFinding(event: CloudTrailEvent, finding: SecurityFinding): SlackMessage {
  const severe = finding.kind !== 'sign-in-without-mfa';
  const style = SEVERITY_STYLE[severe ? 'critical' : 'warning'];
  const fields: Array<[string, string]> = [
    ['Who', whoText(event.principal)],
    ['Where', whereText(event)],
    ['When', formatUtc(event.eventTime)],
    ['Call', inlineCode(`${event.service}:${event.eventName}`)],
  ];
  if (event.sourceIp) fields.push(['Source IP', inlineCode(event.sourceIp)]);
  if (event.userAgent) fields.push(['User agent', escapeMrkdwn(event.userAgent)]);
  if (event.additionalEventData.MFAUsed)
    fields.push(['MFA used', escapeMrkdwn(asText(event.additionalEventData.MFAUsed))]);
  return {
    text: notificationText(finding.title),
    attachments: [
      {
        color: style.color,
        blocks: [
          header(`${style.emoji} ${finding.title}`),
          fieldsSection(fields),
          actions('security_actions', [
            button('security_open_event', 'Open in CloudTrail', {
              url: cloudTrailEventUrl(event.region, event.eventId),
            }),
          ]),
        ],
      },
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}
