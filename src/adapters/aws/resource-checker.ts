import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResourceChecker } from '../../features/spend/ports';
import { perRegion } from './per-region';

const gone = (err: unknown) =>
  /NotFound|NotFoundFault|InvalidInstanceID|InvalidVolume|NatGatewayNotFound/.test(
    (err as { name?: string }).name ?? '',
  );

/** "Is it still there?" for the resources a reminder can check; anything else is "cannot tell". */
export function createResourceChecker(): ResourceChecker {
  const dynamo = perRegion((region) => new DynamoDBClient({ region }));
  // EC2, Redshift and RDS are large and a reminder is rare: each SDK is loaded on its first use.
  /* eslint-disable @typescript-eslint/no-require-imports -- on first use, not at cold start */
  const ec2sdk = once(() => require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2'));
  const redshiftSdk = once(() => require('@aws-sdk/client-redshift') as typeof import('@aws-sdk/client-redshift'));
  const rdsSdk = once(() => require('@aws-sdk/client-rds') as typeof import('@aws-sdk/client-rds'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ec2 = perRegion((region) => new (ec2sdk().EC2Client)({ region }));
  const redshift = perRegion((region) => new (redshiftSdk().RedshiftClient)({ region }));
  const rds = perRegion((region) => new (rdsSdk().RDSClient)({ region }));
  return {
    async exists(service, region, id) {
      try {
        switch (service) {
          case 'dynamodb':
            await dynamo(region).send(new DescribeTableCommand({ TableName: id }));
            return true;
          case 'redshift':
            return (
              (await redshift(region).send(new (redshiftSdk().DescribeClustersCommand)({ ClusterIdentifier: id })))
                .Clusters ?? []
            ).some((c) => c.ClusterStatus !== 'deleting');
          case 'rds':
            return (
              (await rds(region).send(new (rdsSdk().DescribeDBInstancesCommand)({ DBInstanceIdentifier: id })))
                .DBInstances ?? []
            ).some((d) => d.DBInstanceStatus !== 'deleting');
          case 'ec2':
            if (id.startsWith('i-')) {
              const res = await ec2(region).send(new (ec2sdk().DescribeInstancesCommand)({ InstanceIds: [id] }));
              return (res.Reservations ?? [])
                .flatMap((r) => r.Instances ?? [])
                .some((i) => !['terminated', 'shutting-down'].includes(i.State?.Name ?? ''));
            }
            if (id.startsWith('vol-'))
              return (
                ((await ec2(region).send(new (ec2sdk().DescribeVolumesCommand)({ VolumeIds: [id] }))).Volumes ?? [])
                  .length > 0
              );
            if (id.startsWith('nat-'))
              return (
                (await ec2(region).send(new (ec2sdk().DescribeNatGatewaysCommand)({ NatGatewayIds: [id] })))
                  .NatGateways ?? []
              ).some((n) => !['deleted', 'deleting'].includes(n.State ?? ''));
            return undefined;
          default:
            return undefined;
        }
      } catch (err) {
        if (gone(err)) return false;
        throw err;
      }
    },
  };
}

function once<T>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load());
}
