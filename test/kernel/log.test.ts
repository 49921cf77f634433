import { logLevelEnv } from '../../src/config/env';
import { jsonLogger } from '../../src/kernel/log';

describe('JSON logs with a level', () => {
  it('writes nothing below the level it was given', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l), 'WARN');
    log.info('skipped');
    log.warn('kept', { channel: 'C1' });
    log.error('kept too', { error: new Error('boom') });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'WARN', message: 'kept', channel: 'C1' },
      { level: 'ERROR', message: 'kept too', error: { name: 'Error', message: 'boom' } },
    ]);
  });

  it('reads LOG_LEVEL (INFO by default) and refuses anything else at start-up, by name', () => {
    expect(logLevelEnv({})).toBe('INFO');
    expect(logLevelEnv({ LOG_LEVEL: 'warn' })).toBe('WARN');
    expect(() => logLevelEnv({ LOG_LEVEL: 'DEBUG' })).toThrow(/LOG_LEVEL.*INFO, WARN or ERROR/);
  });

  it('never throws for a field it cannot write (nested 12,000 deep, or circular): the line is kept', () => {
    const lines: string[] = [];
    const log = jsonLogger((l) => lines.push(l));
    let deep: unknown = 'bottom';
    for (let i = 0; i < 12_000; i++) deep = { next: deep };
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => log.warn('odd payload', { detail: deep, other: circular })).not.toThrow();
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'WARN',
      message: 'odd payload',
      fields: 'could not be written',
      keys: ['detail', 'other'],
    });
  });
});
