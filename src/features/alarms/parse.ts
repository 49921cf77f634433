import { parseArn } from '../../kernel/aws/arn';
import { messageJson, type Delivery } from '../../kernel/envelopes/sns';
import type { AlarmNotification } from './alarm';
import { parseEventBridgeAlarm } from './parse-eventbridge';
import { parseSnsAlarm } from './parse-sns';

/** The alarm a delivery carries (an SNS alarm action or an EventBridge state change), or undefined. */
export function alarmFrom(delivery: Delivery): AlarmNotification | undefined {
  const json = messageJson(delivery);
  if (!json.ok) return undefined;
  return parseSnsAlarm(json.value, parseArn(delivery.topicArn)?.region) ?? parseEventBridgeAlarm(json.value);
}
