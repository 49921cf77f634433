/**
 * Checks a message against Slack's documented Block Kit limits, the way Slack answers
 * `invalid_blocks`. Used by the Slack Web API test server so tests fail where Slack would.
 */
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

function checkElement(el: unknown, at: string, errors: string[]) {
  if (!isObj(el)) return;
  if (el.type === 'button') {
    if (textOf(el.text).length > 75) errors.push(`${at}.text: must be less than 76 characters`);
    if (typeof el.value === 'string' && el.value.length > 2000)
      errors.push(`${at}.value: must be less than 2001 characters`);
  }
  if (el.type === 'static_select') {
    const options = Array.isArray(el.options) ? el.options : [];
    if (options.length === 0 || options.length > 100) errors.push(`${at}.options: must have 1 to 100 items`);
    options.forEach((o, i) => {
      if (isObj(o) && textOf(o.text).length > 75)
        errors.push(`${at}.options[${i}].text: must be less than 76 characters`);
      if (isObj(o) && typeof o.value === 'string' && o.value.length > 150)
        errors.push(`${at}.options[${i}].value: must be less than 151 characters`);
    });
  }
  if (typeof el.action_id === 'string' && el.action_id.length > 255)
    errors.push(`${at}.action_id: must be less than 256 characters`);
}

/** Every text object must have text and fit 3000 characters. */
function textErrors(value: unknown, at: string, errors: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => textErrors(v, `${at}[${i}]`, errors));
    return;
  }
  if (!isObj(value)) return;
  if ((value.type === 'mrkdwn' || value.type === 'plain_text') && 'text' in value) {
    const text = typeof value.text === 'string' ? value.text : '';
    if (!text) errors.push(`${at}.text: must not be empty`);
    if (text.length > 3000) errors.push(`${at}.text: must be less than 3001 characters`);
  }
  if (typeof value.url === 'string' && value.url.length > 3000)
    errors.push(`${at}.url: must be less than 3001 characters`);
  for (const [k, v] of Object.entries(value)) if (typeof v === 'object') textErrors(v, `${at}.${k}`, errors);
}

export function blockErrors(blocks: unknown, where = 'blocks'): string[] {
  const errors: string[] = [];
  if (blocks === undefined) return errors;
  if (!Array.isArray(blocks)) return [`${where}: must be an array`];
  textErrors(blocks, where, errors);
  if (blocks.length > 50) errors.push(`${where}: must have at most 50 blocks, has ${blocks.length}`);
  blocks.forEach((block, i) => {
    const at = `${where}[${i}]`;
    if (!isObj(block) || typeof block.type !== 'string') {
      errors.push(`${at}: missing type`);
      return;
    }
    if (typeof block.block_id === 'string' && block.block_id.length > 255)
      errors.push(`${at}.block_id: must be less than 256 characters`);
    switch (block.type) {
      case 'header':
        if (!textOf(block.text)) errors.push(`${at}.text: required`);
        if (textOf(block.text).length > 150) errors.push(`${at}.text: must be less than 151 characters`);
        break;
      case 'section': {
        const text = textOf(block.text);
        if (text.length > 3000) errors.push(`${at}.text: must be less than 3001 characters`);
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (!text && fields.length === 0) errors.push(`${at}: must have text or fields`);
        if (fields.length > 10) errors.push(`${at}.fields: must have at most 10 items`);
        fields.forEach((f, j) => {
          if (textOf(f).length > 2000) errors.push(`${at}.fields[${j}].text: must be less than 2001 characters`);
        });
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > 10) errors.push(`${at}.elements: must have 1 to 10 items`);
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > 25) errors.push(`${at}.elements: must have 1 to 25 items`);
        elements.forEach((el, j) => checkElement(el, `${at}.elements[${j}]`, errors));
        break;
      }
      default:
        break;
    }
  });
  return errors;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Slack refuses a whole message (`invalid_blocks`) with one lone surrogate in any of its strings:
 * the notification text, a button's value or URL, a block id, metadata, not only text objects.
 */
function loneSurrogates(value: unknown, at: string, errors: string[]): void {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) errors.push(`${at}: invalid UTF-16 (lone surrogate)`);
  } else if (Array.isArray(value)) value.forEach((v, i) => loneSurrogates(v, `${at}[${i}]`, errors));
  else if (isObj(value)) for (const [k, v] of Object.entries(value)) loneSurrogates(v, at ? `${at}.${k}` : k, errors);
}

export function messageErrors(body: Json): string[] {
  const errors = blockErrors(body.blocks);
  loneSurrogates(body, '', errors);
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments)) errors.push('attachments: must be an array');
    else
      body.attachments.forEach((a, i) => isObj(a) && errors.push(...blockErrors(a.blocks, `attachments[${i}].blocks`)));
  }
  return errors;
}
