import type { CreationFactsPort } from '../../features/spend/facts';
import { perRegion } from './per-region';

/**
 * What a spend estimate reads when the CloudTrail event leaves the instance type out. The EC2
 * and SageMaker clients are large and rarely needed (a SageMaker endpoint, or a launch template
 * whose response CloudTrail left out), so each is loaded on its first use, not at cold start.
 */
export function createCreationFacts(): CreationFactsPort {
  const sagemaker = perRegion((region) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, from the runtime's SDK
    const sdk = require('@aws-sdk/client-sagemaker') as typeof import('@aws-sdk/client-sagemaker');
    return { sdk, client: new sdk.SageMakerClient({ region, maxAttempts: 2 }) };
  });
  const ec2 = perRegion((region) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, from the runtime's SDK
    const sdk = require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2');
    return { sdk, client: new sdk.EC2Client({ region, maxAttempts: 2 }) };
  });
  return {
    async endpointVariants(region, configName) {
      const { sdk, client } = sagemaker(region);
      const res = await client.send(new sdk.DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
      return (res.ProductionVariants ?? []).map((v) => ({
        ...(v.InstanceType ? { instanceType: v.InstanceType } : {}),
        count: v.InitialInstanceCount ?? 1,
        ...(v.ServerlessConfig ? { serverless: true } : {}),
      }));
    },
    async launchTemplateType(region, template) {
      const { sdk, client } = ec2(region);
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
