import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { headUnits, context, fieldsSection, header, notificationText, section } from '../../kernel/slack/text';
import { eventTime, whereText, type AwsEvent } from './event';

/** A state and how it reads: its label, its colour, its emoji. */
export type Style = { label: string; color: string; emoji: string };
export const FAILED: Style = { label: 'FAILED', color: '#D13212', emoji: ':red_circle:' };
export const DONE: Style = { label: 'SUCCEEDED', color: '#2EB67D', emoji: ':large_green_circle:' };
export const MOVING: Style = { label: 'IN PROGRESS', color: '#4A90D9', emoji: ':large_blue_circle:' };
export const WARNING: Style = { label: 'WARNING', color: '#FF9900', emoji: ':large_orange_circle:' };
export const IDLE: Style = { label: 'STOPPED', color: '#9CA3AF', emoji: ':white_circle:' };

/** The state's style from a table; an unknown state reads as itself (cut), in progress. */
export const styleOf = (state: string, table: Readonly<Record<string, Style>>): Style =>
  Object.hasOwn(table, state) ? table[state]! : { ...MOVING, label: headUnits(state.toUpperCase(), 40) };

/** "account `123456789012` · `eu-west-1`" from the envelope. */
export const where = (event: AwsEvent) => whereText(event.account, event.region, '', event.accountNames);

/**
 * A state change as one message: the header (emoji and title), the fields, an optional section
 * of escaped mrkdwn (a reason, a status message), and a context line (a link, or the service).
 */
export const stateMessage = (
  title: string,
  style: Style,
  fields: Array<[string, string]>,
  more: string,
  body?: string,
): SlackMessage => ({
  text: notificationText(title),
  attachments: [
    {
      color: style.color,
      blocks: [
        header(`${style.emoji} ${title}`),
        fieldsSection(fields),
        ...(body ? [section(body)] : []),
        context(more),
      ],
    },
  ],
  unfurl_links: false,
  unfurl_media: false,
});

/** An ISO time from an event, as shown; undefined for anything else (`Dec 3, 2021, 6:02:30 PM` has no zone). */
export const isoTime = (value: string | null | undefined): string | undefined =>
  value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? eventTime(value) : undefined;

/** A field that may be missing or null. */
export const nullish = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullish(schema));
