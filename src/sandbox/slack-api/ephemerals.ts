/**
 * What one person sees for each response_url, as Slack shows it. The "original" is the ephemeral
 * message the response_url belongs to (a slash command's acknowledgement, or the ephemeral message
 * a button sat in): `replace_original: true` replaces it in place, `delete_original: true` removes
 * it, and any other ephemeral answer is a new message below it. An `in_channel` answer is public:
 * it never replaces an ephemeral original (Slack cannot turn a private message into a public one).
 */
export function createEphemerals() {
  const byUrl = new Map<string, { original?: Record<string, unknown>; added: Array<Record<string, unknown>> }>();
  const entry = (id: string) => {
    let e = byUrl.get(id);
    if (!e) byUrl.set(id, (e = { added: [] }));
    return e;
  };
  return {
    original(id: string, body: Record<string, unknown>) {
      entry(id).original = body;
    },
    answer(id: string, body: Record<string, unknown>) {
      const e = entry(id);
      const isPublic = body.response_type === 'in_channel';
      if (body.delete_original === true) {
        delete e.original;
        return;
      }
      if (body.replace_original === true && e.original && !isPublic) {
        e.original = body;
        return;
      }
      if (!isPublic) e.added.push(body);
    },
    of(id: string): Array<Record<string, unknown>> {
      const e = byUrl.get(id);
      return e ? [...(e.original ? [e.original] : []), ...e.added] : [];
    },
    reset() {
      byUrl.clear();
    },
  };
}
