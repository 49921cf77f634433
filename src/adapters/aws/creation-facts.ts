import type { CreationFactsPort } from '../../features/spend/facts';
import { createMemberAccess, type MemberAccess } from './member-access';
import { perAccountRegion } from './per-region';

/**
 * What a spend estimate reads when the CloudTrail event leaves the instance type out, in the
 * account of the creation (another account's through its member read role). The EC2 and
 * SageMaker clients are large and rarely needed (a SageMaker endpoint, or a launch template
 * whose response CloudTrail left out), so each is loaded on its first use, not at cold start.
 */
export function createCreationFacts(access: MemberAccess = createMemberAccess(undefined)): CreationFactsPort {
  const sagemaker = perAccountRegion(access, 'read', (region, credentials) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, from the runtime's SDK
    const sdk = require('@aws-sdk/client-sagemaker') as typeof import('@aws-sdk/client-sagemaker');
    return { sdk, client: new sdk.SageMakerClient({ region, maxAttempts: 2, credentials }) };
  });
  const ec2 = perAccountRegion(access, 'read', (region, credentials) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, from the runtime's SDK
    const sdk = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
    return { sdk, client: new sdk.EC2Client({ region, maxAttempts: 2, credentials }) };
  });
  const here = process.env.AWS_REGION || 'us-east-1';
  return {
    async endpointVariants(at, configName) {
      const { sdk, client } = await sagemaker(at.region ?? here, at.accountId);
      const res = await client.send(new sdk.DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
      return (res.ProductionVariants ?? []).map((v) => ({
        ...(v.InstanceType ? { instanceType: v.InstanceType } : {}),
        count: v.InitialInstanceCount ?? 1,
        ...(v.ServerlessConfig ? { serverless: true } : {}),
      }));
    },
    async launchTemplateType(at, template) {
      const { sdk, client } = await ec2(at.region ?? here, at.accountId);
      const res = await client.send(
        new sdk.DescribeLaunchTemplateVersionsCommand({
          ...(template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name }),
          Versions: [template.version ?? '$Default'],
        }),
      );
      return res.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.InstanceType;
    },
  };
}
