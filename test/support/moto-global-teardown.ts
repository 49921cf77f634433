import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const moto = (globalThis as { __moto?: ChildProcess }).__moto;
  if (moto && moto.exitCode === null) {
    moto.kill('SIGTERM');
    await new Promise((resolve) => moto.once('exit', resolve));
  }
}
