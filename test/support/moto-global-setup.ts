import { startMoto } from '../../src/sandbox/moto';

/** Starts moto_server on a free loopback port for the integration suites (they run in band). */
export default async function globalSetup(): Promise<void> {
  const moto = await startMoto();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
  });
  (globalThis as { __moto?: unknown }).__moto = moto;
}
