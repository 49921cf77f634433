import { escapeHtml, textHtml, type Directory } from './mrkdwn-html';

/**
 * Block Kit → HTML for the sandbox page, drawn closely enough to judge a message: header,
 * section (text, fields, accessory), context, divider, image, actions (buttons with their
 * styles, static selects, overflow menus, confirm dialogs), attachments with their colour bar.
 * Pure: JSON in, an HTML string out, every value escaped. Interactive elements carry what a
 * click needs (`data-action-id`, `data-block-id`, `data-value`); the page's script does the rest.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const attr = (name: string, v: unknown): string =>
  typeof v === 'string' && v !== '' ? ` ${name}="${escapeHtml(v)}"` : '';

const SAFE_URL = /^https?:\/\//i;
const safeUrl = (v: unknown): string | undefined => (typeof v === 'string' && SAFE_URL.test(v) ? v : undefined);

/** A confirm dialog, kept in a <template> for the script to open before the action is sent. */
function confirmHtml(confirm: unknown, dir: Directory): string {
  if (!isObject(confirm)) return '';
  const style = confirm.style === 'danger' ? ' danger' : ' primary';
  return (
    `<template class="confirm"><div class="dialog-title">${textHtml(confirm.title, dir)}</div>` +
    `<div class="dialog-text">${textHtml(confirm.text, dir)}</div>` +
    `<div class="dialog-buttons"><button type="button" class="btn deny">${textHtml(confirm.deny, dir)}</button>` +
    `<button type="button" class="btn ok${style}">${textHtml(confirm.confirm, dir)}</button></div></template>`
  );
}

function optionsHtml(options: unknown, dir: Directory): string {
  return list(options)
    .map((o) => `<option${attr('value', o.value)}>${textHtml(o.text, dir)}</option>`)
    .join('');
}

/** One interactive element (in an actions block or as a section's accessory). */
export function elementHtml(el: Json, blockId: string, dir: Directory): string {
  const common = `${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)}`;
  const confirm = confirmHtml(el.confirm, dir);
  switch (el.type) {
    case 'button': {
      const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
      const url = safeUrl(el.url);
      if (url)
        return `<a class="btn${style}" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer"${common}>${textHtml(el.text, dir)} ↗</a>`;
      return `<span class="el"><button type="button" class="btn${style}" data-kind="button"${common}${attr('data-value', el.value)}>${textHtml(el.text, dir)}</button>${confirm}</span>`;
    }
    case 'static_select':
      return (
        `<span class="el"><select class="select" data-kind="static_select"${common}>` +
        `<option value="" selected disabled>${textHtml(el.placeholder, dir) || 'Select…'}</option>` +
        `${optionsHtml(el.options, dir)}</select>${confirm}</span>`
      );
    case 'overflow':
      return (
        `<span class="el overflow"><details><summary class="btn" aria-label="More actions">⋯</summary><div class="menu">` +
        list(el.options)
          .map(
            (o) =>
              `<button type="button" data-kind="overflow"${common}${attr('data-value', o.value)}>${textHtml(o.text, dir)}</button>`,
          )
          .join('') +
        `</div></details>${confirm}</span>`
      );
    case 'image':
      return imageHtml(el.image_url, el.alt_text, 'thumb');
    default:
      return `<span class="unsupported">[${escapeHtml(str(el.type) || 'element')}]</span>`;
  }
}

function imageHtml(url: unknown, alt: unknown, cls: string): string {
  const src = safeUrl(url) ?? (typeof url === 'string' && url.startsWith('/files/') ? url : undefined);
  if (!src) return `<span class="unsupported">[image: ${escapeHtml(str(alt))}]</span>`;
  return `<img class="${cls}" src="${escapeHtml(src)}" alt="${escapeHtml(str(alt))}" loading="lazy">`;
}

/** One block → HTML; an unknown block type is named, not dropped silently. */
export function blockHtml(block: Json, dir: Directory): string {
  const blockId = str(block.block_id);
  switch (block.type) {
    case 'header':
      return `<div class="b-header">${textHtml(block.text, dir)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="b-text">${textHtml(block.text, dir)}</div>` : '';
      const fields = list(block.fields).length
        ? `<div class="b-fields">${list(block.fields)
            .map((f) => `<div class="b-field">${textHtml(f, dir)}</div>`)
            .join('')}</div>`
        : '';
      const accessory = isObject(block.accessory)
        ? `<div class="b-accessory">${elementHtml(block.accessory, blockId, dir)}</div>`
        : '';
      return `<div class="b-section"><div class="b-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="b-context">${list(block.elements)
        .map((e) =>
          e.type === 'image' ? imageHtml(e.image_url, e.alt_text, 'ctx-img') : `<span>${textHtml(e, dir)}</span>`,
        )
        .join('')}</div>`;
    case 'divider':
      return '<hr class="b-divider">';
    case 'image':
      return `<figure class="b-image">${block.title ? `<figcaption>${textHtml(block.title, dir)}</figcaption>` : ''}${imageHtml(block.image_url, block.alt_text, 'image')}</figure>`;
    case 'actions':
      return `<div class="b-actions">${list(block.elements)
        .map((e) => elementHtml(e, blockId, dir))
        .join('')}</div>`;
    default:
      return `<div class="unsupported">[${escapeHtml(str(block.type) || 'block')} block]</div>`;
  }
}

export const blocksHtml = (blocks: unknown, dir: Directory = {}): string =>
  list(blocks)
    .map((b) => blockHtml(b, dir))
    .join('');

const COLOURS: Readonly<Record<string, string>> = { good: '#2EB67D', warning: '#ECB22E', danger: '#E01E5A' };

/** An attachment's colour, only if it is a colour (it goes into a style attribute). */
export function attachmentColour(color: unknown): string {
  const c = str(color);
  if (COLOURS[c]) return COLOURS[c];
  if (/^#?[0-9a-f]{6}$|^#?[0-9a-f]{3}$/i.test(c)) return c.startsWith('#') ? c : '#' + c;
  return '#DDDDDD';
}

function attachmentHtml(a: Json, dir: Directory): string {
  const body = Array.isArray(a.blocks)
    ? blocksHtml(a.blocks, dir)
    : [
        a.title ? `<div class="b-header small">${textHtml({ type: 'plain_text', text: str(a.title) }, dir)}</div>` : '',
        a.text ? `<div class="b-text">${textHtml({ type: 'mrkdwn', text: str(a.text) }, dir)}</div>` : '',
      ].join('');
  const colour = attachmentColour(a.color);
  return `<div class="attachment" data-color="${escapeHtml(colour)}"><div class="bar" style="background:${escapeHtml(colour)}"></div><div class="att-body">${body}</div></div>`;
}

/** A message as Slack draws it: its blocks (or, without blocks, its text), then its attachments. */
export function messageHtml(message: { text?: unknown; blocks?: unknown; attachments?: unknown }, dir: Directory = {}) {
  const main = Array.isArray(message.blocks)
    ? blocksHtml(message.blocks, dir)
    : message.text
      ? `<div class="b-text">${textHtml({ type: 'mrkdwn', text: str(message.text) }, dir)}</div>`
      : '';
  const attachments = list(message.attachments)
    .map((a) => attachmentHtml(a, dir))
    .join('');
  return main + attachments;
}
