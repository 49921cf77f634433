import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import type { ResourceChecker } from '../../features/spend/ports';
import { perRegion } from './cloudwatch';

const gone = (err: unknown) =>
  /NotFound|NotFoundFault|InvalidInstanceID|InvalidVolume|NatGatewayNotFound/.test(
    (err as { name?: string }).name ?? '',
  );

/** "Is it still there?" for the resources a reminder can check; anything else is "cannot tell". */
export function createResourceChecker(): ResourceChecker {
  const dynamo = perRegion((region) => new DynamoDBClient({ region }));
  const ec2 = perRegion((region) => new EC2Client({ region }));
  const redshift = perRegion((region) => new RedshiftClient({ region }));
  const rds = perRegion((region) => new RDSClient({ region }));
  return {
    async exists(service, region, id) {
      try {
        switch (service) {
          case 'dynamodb':
            await dynamo(region).send(new DescribeTableCommand({ TableName: id }));
            return true;
          case 'redshift':
            return (
              (await redshift(region).send(new DescribeClustersCommand({ ClusterIdentifier: id }))).Clusters ?? []
            ).some((c) => c.ClusterStatus !== 'deleting');
          case 'rds':
            return (
              (await rds(region).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances ?? []
            ).some((d) => d.DBInstanceStatus !== 'deleting');
          case 'ec2':
            if (id.startsWith('i-')) {
              const res = await ec2(region).send(new DescribeInstancesCommand({ InstanceIds: [id] }));
              return (res.Reservations ?? [])
                .flatMap((r) => r.Instances ?? [])
                .some((i) => !['terminated', 'shutting-down'].includes(i.State?.Name ?? ''));
            }
            if (id.startsWith('vol-'))
              return (
                ((await ec2(region).send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes ?? []).length > 0
              );
            if (id.startsWith('nat-'))
              return (
                (await ec2(region).send(new DescribeNatGatewaysCommand({ NatGatewayIds: [id] }))).NatGateways ?? []
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
