/**
 * Characters of untrusted text that Slack would read as markup however they are escaped, shown as
 * themselves. Slack has no escape for mrkdwn; these are the two ways that hold (both from
 * jsx-slack's "About escape", github.com/yhatt/jsx-slack docs/about-escape-and-exact-mode.md).
 */

/**
 * A backtick drawn as a backtick that opens no code span: the fallback text of a date Slack cannot
 * format (`{_}` is no date token) is drawn as plain text, so the backtick inside it pairs with
 * nothing. Used for a text's lone backtick, where a look-alike (ˋ) would show as a stray character.
 */
export const LITERAL_BACKTICK = '<!date^0^{_}|`>';

/**
 * Escaped text as a link's label: a token cannot nest inside `<url|label>`, so there a literal
 * backtick is the look-alike ˋ (U+02CB) after all, and `|` (which would end the URL) is `¦`.
 */
export const linkLabel = (escaped: string): string => escaped.split(LITERAL_BACKTICK).join('ˋ').replace(/\|/g, '¦');

/**
 * `>` at the start of a line is Slack's quote, and so is `&gt;` (Slack decodes it first) and the
 * full-width `＞`: a field "> 80%" would show as a quoted "80%". A soft hyphen (U+00AD, invisible)
 * before it keeps it a character. Applied to whole mrkdwn texts (see fitMrkdwn), where the line
 * starts are known; lines inside a code block are left alone, a quote cannot start there.
 */
export function noQuote(mrkdwn: string): string {
  if (!mrkdwn.includes('&gt;') && !mrkdwn.includes('＞')) return mrkdwn;
  return mrkdwn
    .split('```')
    .map((part, i) => (i % 2 ? part : part.replace(/^(?=&gt;|＞)/gm, '\u00AD')))
    .join('```');
}
