import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import type { Place } from '../../kernel/aws/place';
import { ActionError } from '../../kernel/errors';
import type { MemberRole } from './member-access';
import { ownClient } from './per-region';
import { type AlarmInfo, type AlarmsPort } from '../../features/incidents/ports';

function info(a: MetricAlarm & { AlarmArn?: string }, region: string): AlarmInfo | undefined {
  if (!a.AlarmArn || !a.AlarmName) return undefined;
  return {
    arn: a.AlarmArn,
    name: a.AlarmName,
    region,
    state: a.StateValue ?? 'UNKNOWN',
    reason: a.StateReason ?? '',
    since: a.StateUpdatedTimestamp,
    actionsEnabled: a.ActionsEnabled ?? true,
  };
}

function wrap(err: unknown, what: string): ActionError {
  // Already plain (a member role that cannot be assumed says which to deploy).
  if (err instanceof ActionError) return err;
  const name = (err as { name?: string }).name ?? '';
  if (/AccessDenied/.test(name))
    return new ActionError('access_denied', `Lamplighter's role may not ${what}.`, { cause: err });
  if (name === 'ResourceNotFound' || name === 'ResourceNotFoundException')
    return new ActionError('not_found', `Not found: ${what}.`, { cause: err });
  return new ActionError('failed', `CloudWatch failed to ${what}: ${(err as Error).message}`, { cause: err });
}

const MAX_PAGES = 20;

/** The CloudWatch client for a place, with the member role a call needs (see per-region.ts). */
export type AlarmClients = (at: Place, role: MemberRole) => Promise<CloudWatchClient>;

export function createAlarmsPort(
  clients: AlarmClients = ownClient(new CloudWatchClient({})),
  ownRegion = process.env.AWS_REGION ?? 'us-east-1',
): AlarmsPort {
  return {
    async find(name, at = {}) {
      try {
        const client = await clients(at, 'read');
        const region = at.region ?? ownRegion;
        const res = await client.send(
          new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
        );
        const alarm = res.MetricAlarms?.[0] ?? res.CompositeAlarms?.[0];
        return alarm ? info(alarm as MetricAlarm, region) : undefined;
      } catch (err) {
        throw wrap(err, `read alarm ${name}`);
      }
    },
    async firing(at = {}) {
      const out: AlarmInfo[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      const region = at.region ?? ownRegion;
      try {
        const client = await clients(at, 'read');
        do {
          const res = await client.send(
            new DescribeAlarmsCommand({
              StateValue: 'ALARM',
              AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
              NextToken: nextToken,
            }),
          );
          for (const a of [...(res.MetricAlarms ?? []), ...(res.CompositeAlarms ?? [])]) {
            const i = info(a as MetricAlarm, region);
            if (i) out.push(i);
          }
          nextToken = res.NextToken;
        } while (nextToken && ++pages < MAX_PAGES);
      } catch (err) {
        throw wrap(err, 'list alarms');
      }
      return out;
    },
    async disableActions(name, at = {}) {
      try {
        const client = await clients(at, 'operator');
        await client.send(new DisableAlarmActionsCommand({ AlarmNames: [name] }));
      } catch (err) {
        throw wrap(err, `disable the actions of ${name}`);
      }
    },
    async enableActions(name, at = {}) {
      try {
        const client = await clients(at, 'operator');
        await client.send(new EnableAlarmActionsCommand({ AlarmNames: [name] }));
      } catch (err) {
        throw wrap(err, `enable the actions of ${name}`);
      }
    },
  };
}
