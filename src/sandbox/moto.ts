import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port (closed again before returning, so there is a small race; fine locally). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Moto {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * moto's server, with CloudWatch's Disable/EnableAlarmActions filled in (moto 5.2 has neither:
 * here they set each named alarm's ActionsEnabled in the caller's account and region, as AWS
 * does), and one request at a time. DynamoDB applies a conditional write atomically; moto's
 * threaded server checks the condition and applies the write in separate steps, so two racing
 * `attribute_not_exists(ackBy)` updates could both succeed there and never in AWS. Serializing the
 * requests (each answer is read whole inside the lock) gives back the atomicity the bot relies on.
 */
const SERIAL_MOTO = `
import os, sys, threading
from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.responses import EmptyResult
# moto 5.2 raises NotImplementedError for these two; AWS sets ActionsEnabled on each named alarm
# of the caller's account and region (names it does not know are ignored).
def _set_actions(enabled):
    def handler(self):
        for name in self._get_param("AlarmNames", []):
            alarm = self.cloudwatch_backend.alarms.get(name)
            if alarm is not None:
                alarm.actions_enabled = enabled
        return EmptyResult()
    return handler
CloudWatchResponse.disable_alarm_actions = _set_actions(False)
CloudWatchResponse.enable_alarm_actions = _set_actions(True)
# moto backs up every table a TransactWriteItems touches with copy.deepcopy, so each transaction
# costs the whole table (15 GB and a core in the ten-channel benchmark). A Put or Delete replaces
# an item rather than changing it (and a ConditionCheck changes nothing), so a copy of the table's
# item maps is backup enough; a transaction with an Update (which changes items in place) still
# gets the deep copy. The backup is made without moto's model constructor, which would keep every
# backup alive in Table.instances_tracked.
import copy as _copy
from collections import defaultdict
import moto.dynamodb.models as _dynamo
from moto.dynamodb.models.table import Table
class _LightCopy:
    @staticmethod
    def deepcopy(obj, memo=None):
        if not isinstance(obj, Table):
            return _copy.deepcopy(obj, memo)
        backup = object.__new__(type(obj))
        backup.__dict__.update(obj.__dict__)
        backup.items = defaultdict(dict, {h: dict(v) if isinstance(v, dict) else v for h, v in obj.items.items()})
        return backup
_transact = _dynamo.DynamoDBBackend.transact_write_items
def _light_transact(self, transact_items):
    if not all(next(iter(item), None) in ("Put", "Delete", "ConditionCheck") for item in transact_items):
        return _transact(self, transact_items)
    _dynamo.copy = _LightCopy
    try:
        return _transact(self, transact_items)
    finally:
        _dynamo.copy = _copy
_dynamo.DynamoDBBackend.transact_write_items = _light_transact
host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()
def serial(environ, start_response):
    with lock:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            getattr(body, "close", lambda: None)()
run_simple(host, port, serial, threaded=True)
`;

/**
 * Why moto stopped, in words a newcomer can act on: a Python without moto (or its server extra,
 * which brings werkzeug and flask) fails on its first import, so the cure is named rather than
 * the traceback shown alone.
 */
export function exitReason(python: string, code: number | null, stderr: string): string {
  const missing = /No module named '([\w.]+)'/.exec(stderr)?.[1];
  if (missing)
    return (
      `moto is not installed for ${python} (No module named '${missing}'): ` +
      `install it with: pip install "moto[server]" (or set LAMPLIGHTER_PYTHON to a Python that has it)`
    );
  return `moto_server exited (${code}): ${stderr}`;
}

/**
 * Starts moto's server (pip install "moto[server]") on a free loopback port and waits until it
 * answers. The Python that has moto is `python3`, or the one `LAMPLIGHTER_PYTHON` names.
 */
export async function startMoto(timeoutMs = 30_000): Promise<Moto> {
  const port = await freePort();
  const python = process.env.LAMPLIGHTER_PYTHON ?? 'python3';
  const moto = spawn(python, ['-c', SERIAL_MOTO, '127.0.0.1', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  moto.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  let gone = false;
  const exited = new Promise<never>((_, reject) => {
    moto.once('error', (err) => {
      gone = true;
      reject(new Error(`moto_server could not start (${err.message}); install it with: pip install "moto[server]"`));
    });
    moto.once('exit', (code) => {
      gone = true;
      reject(new Error(exitReason(python, code, stderr)));
    });
  });
  const up = (async () => {
    const until = Date.now() + timeoutMs;
    // Stops when moto has exited: no polling (and no open handle) after a failed start.
    while (Date.now() < until && !gone) {
      try {
        if ((await fetch(`${endpoint}/moto-api/`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`moto_server did not answer at ${endpoint} within ${timeoutMs} ms`);
  })();
  exited.catch(() => undefined);
  up.catch(() => undefined);
  try {
    await Promise.race([up, exited]);
  } catch (err) {
    // A moto that never answered is not left running.
    gone = true;
    if (moto.exitCode === null) moto.kill('SIGTERM');
    throw err;
  }
  return {
    endpoint,
    process: moto,
    stop: () =>
      new Promise<void>((resolve) => {
        if (moto.exitCode !== null) return resolve();
        moto.once('exit', () => resolve());
        moto.kill('SIGTERM');
      }),
  };
}
