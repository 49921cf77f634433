import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { ActionError } from '../../kernel/errors';
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
  const name = (err as { name?: string }).name ?? '';
  if (/AccessDenied/.test(name))
    return new ActionError('access_denied', `Lamplighter's role may not ${what}.`, { cause: err });
  if (name === 'ResourceNotFound' || name === 'ResourceNotFoundException')
    return new ActionError('not_found', `Not found: ${what}.`, { cause: err });
  return new ActionError('failed', `CloudWatch failed to ${what}: ${(err as Error).message}`, { cause: err });
}

const MAX_PAGES = 20;

export function createAlarmsPort(
  client: CloudWatchClient = new CloudWatchClient({}),
  region = process.env.AWS_REGION ?? 'us-east-1',
): AlarmsPort {
  return {
    async find(name) {
      try {
        const res = await client.send(
          new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
        );
        const alarm = res.MetricAlarms?.[0] ?? res.CompositeAlarms?.[0];
        return alarm ? info(alarm as MetricAlarm, region) : undefined;
      } catch (err) {
        throw wrap(err, `read alarm ${name}`);
      }
    },
    async firing() {
      const out: AlarmInfo[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      try {
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
    async disableActions(name) {
      try {
        await client.send(new DisableAlarmActionsCommand({ AlarmNames: [name] }));
      } catch (err) {
        throw wrap(err, `disable the actions of ${name}`);
      }
    },
    async enableActions(name) {
      try {
        await client.send(new EnableAlarmActionsCommand({ AlarmNames: [name] }));
      } catch (err) {
        throw wrap(err, `enable the actions of ${name}`);
      }
    },
  };
}
