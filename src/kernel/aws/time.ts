/** CloudWatch's "+0000" offsets are not ISO-8601 enough for every parser. */
export function parseAwsTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
