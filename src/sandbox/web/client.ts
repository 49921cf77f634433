/// <reference lib="dom" />
/**
 * The sandbox page's script (bundled by scripts/build.mjs): keeps the panes live by polling the
 * page server, and turns clicks, selects, the composer and the scenario panel into requests to it.
 * All HTML it inserts was drawn (and escaped) by the server.
 */

const body = document.body;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const state = {
  channel: body.dataset.channel ?? '',
  user: body.dataset.user ?? '',
  thread: body.dataset.openThread ?? '',
};

async function send(path: string, data: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...data, channel: state.channel, user: state.user }),
  });
  return (await res.json().catch(() => ({}))) as Record<string, unknown>;
}

function remember() {
  const q = new URLSearchParams({ channel: state.channel, user: state.user });
  if (state.thread) q.set('thread', state.thread);
  history.replaceState(null, '', `/?${q.toString()}`);
}

/** Until when the pane follows the answer to a command just sent, wherever it was scrolled. */
let followUntil = 0;

/** Brings the newest answer into view: its top, if it is taller than the pane. */
function showNewest(pane: HTMLElement) {
  const answers = pane.querySelectorAll<HTMLElement>('[data-ephemeral]');
  const newest = answers[answers.length - 1];
  pane.scrollTop = pane.scrollHeight;
  if (newest && newest.offsetHeight > pane.clientHeight) newest.scrollIntoView({ block: 'start' });
}

/** Marks the channels with messages not yet seen, as Slack's sidebar does. */
function markUnread(unread: Record<string, number>) {
  document.querySelectorAll<HTMLElement>('[data-channel-link]').forEach((a) => {
    const n = unread[a.dataset.channelLink ?? ''] ?? 0;
    a.classList.toggle('unread', n > 0);
    let badge = a.querySelector('.badge');
    if (n > 0 && !badge) a.append((badge = Object.assign(document.createElement('span'), { className: 'badge' })));
    if (badge) {
      if (n > 0) badge.textContent = String(n);
      else badge.remove();
    }
  });
}

let shown = { messages: '', thread: '' };
async function refresh() {
  const q = new URLSearchParams({ channel: state.channel, user: state.user, thread: state.thread });
  const res = await fetch(`/view?${q.toString()}`);
  if (!res.ok) return;
  const view = (await res.json()) as { messages: string; thread: string; unread?: Record<string, number> };
  const pane = $('messages');
  if (view.messages !== shown.messages) {
    const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
    pane.innerHTML = view.messages;
    if (Date.now() < followUntil) showNewest(pane);
    else if (atBottom) pane.scrollTop = pane.scrollHeight;
  }
  markUnread(view.unread ?? {});
  if (view.thread !== shown.thread) $('thread').innerHTML = view.thread;
  $('thread-pane').hidden = !state.thread;
  shown = view;
}

function openThread(ts: string) {
  state.thread = ts;
  remember();
  void refresh();
}

/** Opens a confirm dialog drawn by the server; resolves true on its confirm button. */
function confirmed(template: HTMLTemplateElement | null): Promise<boolean> {
  if (!template) return Promise.resolve(true);
  const dialog = $<HTMLDialogElement>('confirm');
  const holder = $('confirm-body');
  holder.replaceChildren(template.content.cloneNode(true));
  dialog.showModal();
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      dialog.close();
      resolve(ok);
    };
    holder.querySelector('.ok')?.addEventListener('click', () => done(true), { once: true });
    holder.querySelector('.deny')?.addEventListener('click', () => done(false), { once: true });
    dialog.addEventListener('cancel', () => resolve(false), { once: true });
  });
}

async function act(el: HTMLElement, value: string, label: string) {
  const wrapper = el.closest('.el');
  if (!(await confirmed(wrapper?.querySelector(':scope > template.confirm') ?? null))) return;
  const msg = el.closest<HTMLElement>('[data-msg], [data-ephemeral]');
  await send('/act', {
    kind: el.dataset.kind ?? 'button',
    actionId: el.dataset.actionId ?? '',
    blockId: el.dataset.blockId ?? '',
    value,
    label,
    ts: msg?.dataset.msg ?? '',
    ephemeral: msg?.dataset.ephemeral ?? '',
  });
  setTimeout(() => void refresh(), 150);
}

document.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const el = target.closest<HTMLElement>('[data-kind="button"], [data-kind="overflow"]');
  if (el) {
    el.closest('details')?.removeAttribute('open');
    void act(el, el.dataset.value ?? '', el.textContent ?? '');
    return;
  }
  const replies = target.closest<HTMLElement>('button[data-thread]');
  if (replies) return openThread(replies.dataset.thread ?? '');
  const channel = target.closest<HTMLAnchorElement>('[data-channel-link]');
  if (channel) {
    e.preventDefault();
    state.channel = channel.dataset.channelLink ?? '';
    state.thread = '';
    document.querySelectorAll('[data-channel-link]').forEach((a) => a.classList.toggle('current', a === channel));
    document.querySelector('main.channel > h2')!.textContent = channel.textContent;
    remember();
    void refresh();
    return;
  }
  const scenario = target.closest<HTMLButtonElement>('[data-scenario]');
  if (scenario) {
    const status = $('status');
    status.textContent = `${scenario.textContent}…`;
    void send(`/scenario/${scenario.dataset.scenario ?? ''}`, {}).then((r) => {
      status.textContent = r.ok ? `${scenario.textContent}: sent` : `${scenario.textContent}: ${String(r.error)}`;
      void refresh();
    });
  }
});

document.addEventListener('change', (e) => {
  const select = (e.target as HTMLElement).closest<HTMLSelectElement>('select[data-kind="static_select"]');
  if (!select) return;
  const option = select.selectedOptions[0];
  void act(select, select.value, option?.textContent ?? '');
});

$<HTMLSelectElement>('user').addEventListener('change', (e) => {
  state.user = (e.target as HTMLSelectElement).value;
  remember();
  void refresh();
});

$('close-thread').addEventListener('click', () => {
  state.thread = '';
  remember();
  void refresh();
});

$<HTMLFormElement>('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>('command');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  followUntil = Date.now() + 15_000;
  void send('/command', { text }).then(() => refresh());
});

setInterval(() => void refresh(), 700);
void refresh();
