import { jsonLogger, type Logger } from '../kernel/log';
import { startSandbox } from '../sandbox/web/start';
import type { CliIo } from './main';

/**
 * `lamplighter sandbox` (`npm start`): the whole bot in a browser, with no accounts. Starts moto,
 * the Slack test server, serve, the notifier and the cost guard, and the page; prints its URL and
 * runs until Ctrl-C. PORT fixes the page's port; everything else takes a free one.
 */
export async function sandbox(io: CliIo, root: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // The bot's own log lines go to standard error, warnings and worse only: the URL stays readable.
  const log: Logger = jsonLogger((line) => io.stderr(line + '\n'), 'WARN');
  let running;
  try {
    running = await startSandbox({ root, ...(env.PORT ? { port: Number(env.PORT) } : {}), log });
  } catch (err) {
    io.stderr(`lamplighter sandbox: ${(err as Error).message}\n`);
    return 1;
  }
  io.stdout(
    `Lamplighter sandbox: open ${running.url}\n(Ctrl-C stops it: the page, serve, the Slack test server and moto.)\n`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await running.stop();
  return 0;
}
