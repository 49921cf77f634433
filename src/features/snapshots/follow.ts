import type { Logger } from '../../kernel/log';
import { withSlackRetry } from '../../kernel/retry';
import type { SlackPort } from '../../kernel/slack/port';
import { placeOfRequest } from './command';
import { formatSnapshotProgress } from './format';
import type { Ec2Port, SnapshotJobStore } from './port';

/** The sweeper's part: redraw each snapshot message until every snapshot is done. */
export async function followSnapshots(deps: {
  snapshots: SnapshotJobStore;
  ec2: Ec2Port;
  slack: SlackPort;
  region: string;
  deadline: () => number;
  log: Logger;
}): Promise<number> {
  let finished = 0;
  for (const job of await deps.snapshots.listSnapshotJobs()) {
    try {
      const statuses = await deps.ec2.snapshotStatus(job.snapshotIds, placeOfRequest(job.request));
      const message = formatSnapshotProgress(job.request, job.user, statuses, deps.region);
      await withSlackRetry(() => deps.slack.updateMessage(job.channel, job.ts, message), { deadline: deps.deadline });
      if (statuses.every((s) => s.state === 'completed' || s.state === 'error') && statuses.length) {
        await deps.snapshots.deleteSnapshotJob(job.id);
        finished++;
      }
    } catch (err) {
      deps.log.error('could not follow snapshots; the next pass retries', { job: job.id, error: err });
    }
  }
  return finished;
}
