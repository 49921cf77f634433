/**
 * A port made on its first use, not at cold start: for clients only a few requests need (EC2
 * for /snapshot, CloudTrail for /trail, RDS and Redshift for reminders). `make` should
 * `require()` the adapter module, so the bundle evaluates it, and its SDK client, only then.
 */
export function lazy<T extends object>(make: () => T): T {
  let made: T | undefined;
  return new Proxy({} as T, {
    get(_, property) {
      made ??= make();
      const value = (made as Record<PropertyKey, unknown>)[property];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(made) : value;
    },
  });
}
