import type { Place } from '../../kernel/aws/place';
import type { CloudTrailEvent } from '../../kernel/envelopes/cloudtrail';
import type { Logger } from '../../kernel/log';
import { at, list, str } from './estimate/builder';
import type { CreationFacts } from './estimate';

/** A launch template as RunInstances or CreateNodegroup names it. */
export interface LaunchTemplateRef {
  id?: string;
  name?: string;
  version?: string;
}

/**
 * What the cost guard may read to price a creation whose event leaves the type out, in the
 * account the creation was made in (another account's through its member read role).
 */
export interface CreationFactsPort {
  /** SageMaker DescribeEndpointConfig: the production variants' instance types and counts. */
  endpointVariants(at: Place, configName: string): Promise<CreationFacts['endpointVariants']>;
  /** EC2 DescribeLaunchTemplateVersions: the version's instance type, if it sets one. */
  launchTemplateType(at: Place, template: LaunchTemplateRef): Promise<string | undefined>;
}

const LAUNCH_TEMPLATE_PATHS = ['launchTemplate', 'LaunchTemplate'];

function launchTemplateOf(e: CloudTrailEvent): LaunchTemplateRef | undefined {
  const p = e.requestParameters;
  const t = LAUNCH_TEMPLATE_PATHS.map((k) => at(p, k)).find(Boolean);
  if (!t) return undefined;
  const ref = {
    id: str(t, 'launchTemplateId', 'id', 'LaunchTemplateId'),
    name: str(t, 'launchTemplateName', 'name', 'LaunchTemplateName'),
    version: str(t, 'version', 'Version'),
  };
  return ref.id || ref.name ? ref : undefined;
}

/**
 * Reads what the event lacks, and only then: a SageMaker endpoint's config, or the launch
 * template of instances or a node group that name no type. A failed read is logged and the
 * estimate says "price unknown" instead.
 */
export async function factsFor(
  e: CloudTrailEvent,
  port: CreationFactsPort | undefined,
  log: Logger,
): Promise<CreationFacts> {
  if (!port || !e.region || e.errorCode) return {};
  const key = `${e.service}:${e.eventName}`;
  const where: Place = { region: e.region, ...(/^\d{12}$/.test(e.accountId) ? { accountId: e.accountId } : {}) };
  try {
    if (key === 'sagemaker:CreateEndpoint') {
      const config = str(e.requestParameters, 'endpointConfigName');
      return config ? { endpointVariants: await port.endpointVariants(where, config) } : {};
    }
    if (key === 'ec2:RunInstances' || key === 'eks:CreateNodegroup') {
      const template = launchTemplateOf(e);
      // RunInstances' response names the type, unless CloudTrail left a large response out.
      const named =
        str(e.requestParameters, 'instanceType') ??
        at(e.requestParameters, 'instanceTypes') ??
        str(list(e.responseElements, 'instancesSet.items')[0], 'instanceType');
      if (!template || named) return {};
      const type = await port.launchTemplateType(where, template);
      return type ? { launchTemplateType: type } : {};
    }
  } catch (err) {
    log.warn('could not read what the estimate needs; it says price unknown', { call: key, error: err });
  }
  return {};
}
