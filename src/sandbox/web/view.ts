import type { SlackApiServer, StoredMessage } from '../slack-api';
import { messageHtml } from './blocks-html';
import { escapeHtml, type Directory } from './mrkdwn-html';
import type { SandboxChannel, SandboxUser } from './slack-requests';

/** An answer only one person sees: a command's ack, or what came back through a response_url. */
interface Ephemeral {
  key: string;
  channel: string;
  user: string;
  body: Record<string, unknown>;
  order: number;
  at: Date;
  /** In channel (`response_type: in_channel`): everyone sees it. */
  public: boolean;
}

/** Where a response_url's answer goes: the channel and user it was for, and the ephemeral it may replace. */
interface Target {
  channel: string;
  user: string;
  replaces?: string;
}

/**
 * What the page shows, read from the Slack test server: its messages and files as they stand
 * (chat.update changes them in place), plus the ephemeral answers Slack would show one person.
 * Arrival order is noted as the page sees things arrive, since test-server timestamps are not wall time.
 */
export function createView(slack: SlackApiServer, users: SandboxUser[], channels: SandboxChannel[]) {
  const ephemerals: Ephemeral[] = [];
  const targets = new Map<string, Target>();
  const arrived = new Map<string, { order: number; at: Date }>();
  let order = 0;
  /** The arrival order up to which each channel has been shown. */
  const seenUpTo = new Map<string, number>();
  let seenResponses = 0;
  let ephemeralSeq = 0;
  const dir: Directory = {
    users: Object.fromEntries(users.map((u) => [u.id, u.name])),
    channels: Object.fromEntries(channels.map((c) => [c.id, c.name])),
  };

  /** Acknowledgements a command's answers may replace, not yet back from serve. */
  const pending = new Set<string>();

  function addEphemeral(channel: string, user: string, body: Record<string, unknown>, given?: string): string {
    const key = given ?? `E${++ephemeralSeq}`;
    const isPublic = body.response_type === 'in_channel';
    ephemerals.push({ key, channel, user, body, order: ++order, at: new Date(), public: isPublic });
    return key;
  }

  /** Takes in what arrived since the last look: new messages (their order) and response_url answers. */
  function sync() {
    for (const m of slack.messages) {
      const id = `${m.channel}/${m.ts}`;
      if (!arrived.has(id)) arrived.set(id, { order: ++order, at: new Date() });
    }
    for (; seenResponses < slack.responses.length; seenResponses++) {
      const r = slack.responses[seenResponses];
      const target = r && targets.get(r.id);
      if (!r || !target || r.status !== 200) continue;
      // An answer that came back before its command's acknowledgement waits for it, to replace it.
      if (target.replaces && pending.has(target.replaces)) break;
      const old = target.replaces ? ephemerals.findIndex((e) => e.key === target.replaces) : -1;
      if (r.body.delete_original === true && old >= 0) ephemerals.splice(old, 1);
      else if (r.body.replace_original === true && old >= 0) ephemerals[old]!.body = r.body;
      else addEphemeral(target.channel, target.user, r.body);
    }
  }

  const time = (at: Date | undefined) => escapeHtml((at ?? new Date()).toISOString().slice(11, 19));

  function messageItem(m: StoredMessage, inThread: boolean): string {
    const seen = arrived.get(`${m.channel}/${m.ts}`);
    const replies = inThread ? 0 : slack.thread(m.channel, m.ts).length;
    const files = slack.files.filter((f) => f.channel === m.channel && f.threadTs === m.ts).length;
    const count = replies + files;
    return (
      `<article class="msg" data-msg="${escapeHtml(m.ts)}" data-channel="${escapeHtml(m.channel)}">` +
      `<div class="who"><span class="avatar">🏮</span><b>Lamplighter</b> <span class="app">APP</span> <time>${time(seen?.at)}</time>${m.updates ? ' <span class="edited">(edited)</span>' : ''}</div>` +
      `<div class="body">${messageHtml(m, dir)}</div>` +
      (count && !inThread
        ? `<button type="button" class="replies" data-thread="${escapeHtml(m.ts)}">${count} repl${count === 1 ? 'y' : 'ies'}</button>`
        : '') +
      `</article>`
    );
  }

  function ephemeralItem(e: Ephemeral, viewer: string): string {
    const whose = e.user === viewer ? 'you' : `@${escapeHtml(dir.users?.[e.user] ?? e.user)}`;
    const note = e.public
      ? ''
      : `<div class="only">👁 Only visible to ${whose}${e.user === viewer ? '' : ' (the sandbox shows everyone’s)'}</div>`;
    return (
      `<article class="msg${e.public ? '' : ' ephemeral'}" data-ephemeral="${escapeHtml(e.key)}" data-channel="${escapeHtml(e.channel)}">` +
      `${note}<div class="who"><span class="avatar">🏮</span><b>Lamplighter</b> <span class="app">APP</span> <time>${time(e.at)}</time></div>` +
      `<div class="body">${messageHtml(e.body, dir)}</div></article>`
    );
  }

  function fileItem(f: SlackApiServer['files'][number]): string {
    const image = /\.(png|svg|jpe?g|gif)$/i.test(f.filename);
    const href = `/files/${encodeURIComponent(f.id)}`;
    return (
      `<article class="msg file"><div class="who"><span class="avatar">🏮</span><b>Lamplighter</b> <span class="app">APP</span></div>` +
      `<div class="body"><div class="file-title">${escapeHtml(f.title ?? f.filename)}</div>` +
      (image
        ? `<img class="upload" src="${href}" alt="${escapeHtml(f.title ?? f.filename)}">`
        : `<a class="file-link" href="${href}" target="_blank">📄 ${escapeHtml(f.filename)} (${f.content.length} bytes)</a>`) +
      `</div></article>`
    );
  }

  return {
    dir,
    sync,
    /** A command's ack (the HTTP answer to the slash command), shown as Slack shows it. */
    ack(channel: string, user: string, body: Record<string, unknown>, key?: string) {
      if (key) pending.delete(key);
      addEphemeral(channel, user, body, key);
    },
    /** A key for a command's acknowledgement, before the command is sent: its answer replaces it. */
    reserve(): string {
      const key = `E${++ephemeralSeq}`;
      pending.add(key);
      return key;
    },
    /** The command was answered without an acknowledgement to show. */
    settle(key: string) {
      pending.delete(key);
    },
    /** Notes where a response_url's answers go, before the request carrying it is sent. */
    expect(responseId: string, target: Target) {
      targets.set(responseId, target);
    },
    ephemeral: (key: string) => ephemerals.find((e) => e.key === key),
    /**
     * Top-level messages that arrived in each other channel since it was last shown, as Slack
     * marks a channel unread: a scenario posting elsewhere shows where its message went.
     */
    unread(current: string): Record<string, number> {
      sync();
      const counts: Record<string, number> = {};
      for (const m of slack.messages) {
        if (m.channel === current || m.threadTs) continue;
        const at = arrived.get(`${m.channel}/${m.ts}`)?.order ?? 0;
        if (at > (seenUpTo.get(m.channel) ?? 0)) counts[m.channel] = (counts[m.channel] ?? 0) + 1;
      }
      return counts;
    },
    /** The channel pane: top-level messages and answers, in the order they arrived. */
    channelHtml(channel: string, viewer: string): string {
      sync();
      seenUpTo.set(channel, order);
      const items = [
        ...slack.messages
          // A thread reply sent also to the channel shows here too, as in Slack.
          .filter((m) => m.channel === channel && (!m.threadTs || m.broadcast))
          .map((m) => ({
            order: arrived.get(`${m.channel}/${m.ts}`)?.order ?? 0,
            html: messageItem(m, Boolean(m.threadTs)),
          })),
        ...ephemerals
          .filter((e) => e.channel === channel)
          .map((e) => ({ order: e.order, html: ephemeralItem(e, viewer) })),
        ...slack.files
          .filter((f) => f.channel === channel && !f.threadTs)
          .map((f) => ({ order: 0, html: fileItem(f) })),
      ].sort((a, b) => a.order - b.order);
      return items.length
        ? items.map((i) => i.html).join('')
        : '<p class="empty">Nothing here yet: try the scenario panel.</p>';
    },
    /** The thread pane: the parent, its replies and the files uploaded into it. */
    threadHtml(channel: string, ts: string): string {
      sync();
      const parent = slack.message(channel, ts);
      if (!parent) return '';
      const replies = slack.thread(channel, ts).map((m) => messageItem(m, true));
      const files = slack.files.filter((f) => f.channel === channel && f.threadTs === ts).map(fileItem);
      return messageItem(parent, true) + `<div class="thread-rule">Replies</div>` + [...files, ...replies].join('');
    },
  };
}

export type View = ReturnType<typeof createView>;
