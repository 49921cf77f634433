import * as z from 'zod/mini';
import type { SlackMessage } from '../../kernel/slack/blocks';
import { formatNumber, formatUtc, inlineCode } from '../../kernel/slack/format';
import { escapeMrkdwn, link } from '../../kernel/slack/text';
import { optionalText, type AwsEvent } from './event';
import { DONE, FAILED, IDLE, MOVING, nullish, stateMessage, styleOf, where, type Style } from './states';

const buildDetail = z.looseObject({
  'build-status': z.string(),
  'project-name': z.string(),
  'build-id': optionalText,
  'additional-information': nullish(
    z.looseObject({
      initiator: optionalText,
      'build-number': nullish(z.number()),
      'source-version': optionalText,
      phases: nullish(
        z.array(
          z.looseObject({
            'phase-type': optionalText,
            'phase-status': optionalText,
            'phase-context': nullish(z.array(z.nullish(z.string()))),
          }),
        ),
      ),
    }),
  ),
});

const BUILD_STATES: Readonly<Record<string, Style>> = {
  FAILED,
  FAULT: { ...FAILED, label: 'FAULT' },
  TIMED_OUT: { ...FAILED, label: 'TIMED OUT' },
  STOPPED: IDLE,
  SUCCEEDED: DONE,
  IN_PROGRESS: MOVING,
};

const BAD_PHASE = new Set(['FAILED', 'FAULT', 'TIMED_OUT', 'CLIENT_ERROR']);

/** A CodeBuild build's state change: the project, the build, who started it, the phase that failed, a link. */
export function formatCodeBuildBuild(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.codebuild' || event.detailType !== 'CodeBuild Build State Change') return undefined;
  const parsed = buildDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const info = d['additional-information'];
  const style = styleOf(d['build-status'], BUILD_STATES);
  const number = info?.['build-number'];
  const fields: Array<[string, string]> = [
    ['Project', inlineCode(d['project-name'])],
    ['Status', escapeMrkdwn(style.label)],
  ];
  if (typeof number === 'number') fields.push(['Build', `#${formatNumber(number)}`]);
  if (info?.initiator) fields.push(['Started by', inlineCode(info.initiator)]);
  if (info?.['source-version']) fields.push(['Source version', inlineCode(info['source-version'])]);
  const failed = (info?.phases ?? []).find((p) => p['phase-status'] && BAD_PHASE.has(p['phase-status']));
  if (failed)
    fields.push([
      'Failed phase',
      `${inlineCode(failed['phase-type'] ?? '?')} ${escapeMrkdwn(failed['phase-status'] ?? '')}`.trim(),
    ]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  // `arn:aws:codebuild:us-west-2:123456789012:build/my-project:8745a7a9-…` → `my-project:8745a7a9-…`.
  const build = /:build\/([^/\s]{1,300})$/.exec(d['build-id'] ?? '')?.[1];
  const url =
    event.region && build
      ? `https://${event.region}.console.aws.amazon.com/codesuite/codebuild/projects/${encodeURIComponent(d['project-name'])}/build/${encodeURIComponent(build)}/?region=${event.region}`
      : undefined;
  const context = (failed?.['phase-context'] ?? []).filter((c): c is string => !!c?.trim());
  return stateMessage(
    `CodeBuild ${d['project-name']}${typeof number === 'number' ? ` #${formatNumber(number)}` : ''} ${style.label}`,
    style,
    fields,
    url ? link(url, 'Open the build') : 'CodeBuild',
    context.length
      ? `*${escapeMrkdwn(failed?.['phase-type'] ?? 'Phase')}*\n${escapeMrkdwn(context.join('\n'))}`
      : undefined,
  );
}

const deploymentDetail = z.looseObject({
  application: z.string(),
  deploymentGroup: optionalText,
  deploymentId: optionalText,
  state: z.string(),
});

const DEPLOY_STATES: Readonly<Record<string, Style>> = {
  FAILURE: { ...FAILED, label: 'FAILED' },
  SUCCESS: { ...DONE, label: 'SUCCEEDED' },
  STOP: { ...IDLE, label: 'STOPPED' },
  START: { ...MOVING, label: 'STARTED' },
  READY: { ...MOVING, label: 'READY' },
};

/** A CodeDeploy deployment's state change: the application, the group, the deployment, a link. */
export function formatCodeDeployDeployment(event: AwsEvent): SlackMessage | undefined {
  if (event.source !== 'aws.codedeploy' || event.detailType !== 'CodeDeploy Deployment State-change Notification')
    return undefined;
  const parsed = deploymentDetail.safeParse(event.detail);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const style = styleOf(d.state, DEPLOY_STATES);
  const fields: Array<[string, string]> = [['Application', inlineCode(d.application)]];
  if (d.deploymentGroup) fields.push(['Deployment group', inlineCode(d.deploymentGroup)]);
  fields.push(['State', escapeMrkdwn(style.label)]);
  if (d.deploymentId) fields.push(['Deployment', inlineCode(d.deploymentId)]);
  fields.push(['Where', where(event)]);
  if (event.time) fields.push(['At', formatUtc(event.time)]);
  const url =
    event.region && d.deploymentId && /^d-[A-Z0-9]{1,20}$/.test(d.deploymentId)
      ? `https://${event.region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${d.deploymentId}?region=${event.region}`
      : undefined;
  return stateMessage(
    `CodeDeploy ${d.application}${d.deploymentGroup ? `/${d.deploymentGroup}` : ''} ${style.label}`,
    style,
    fields,
    url ? link(url, 'Open the deployment') : 'CodeDeploy',
  );
}
