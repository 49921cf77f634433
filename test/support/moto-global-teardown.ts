import type { Moto } from '../../src/sandbox/moto';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __moto?: Moto }).__moto?.stop();
}
