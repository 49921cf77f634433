import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResourceChecker } from '../../features/spend/ports';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { createMemberAccess, type MemberAccess } from './member-access';
import { perAccountRegion } from './per-region';

const gone = (err: unknown) =>
  /NotFound|NotFoundFault|InvalidInstanceID|InvalidVolume|NatGatewayNotFound/.test(
    (err as { name?: string }).name ?? '',
  );

/**
 * "Is it still there?" for the resources a reminder can check, in the account it was created in
 * (another account's through its member read role); anything else is "cannot tell".
 */
export function createResourceChecker(access: MemberAccess = createMemberAccess(undefined)): ResourceChecker {
  const read = <T>(make: (region: string, credentials: AwsCredentialIdentityProvider | undefined) => T) =>
    perAccountRegion(access, 'read', make);
  const dynamo = read((region, credentials) => new DynamoDBClient({ region, credentials }));
  // EC2, Redshift and RDS are large and a reminder is rare: each SDK is loaded on its first use.
  /* eslint-disable @typescript-eslint/no-require-imports -- on first use, not at cold start */
  const ec2sdk = once(() => require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2'));
  const redshiftSdk = once(() => require('@aws-sdk/client-redshift') as typeof import('@aws-sdk/client-redshift'));
  const rdsSdk = once(() => require('@aws-sdk/client-rds') as typeof import('@aws-sdk/client-rds'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ec2 = read((region, credentials) => new (ec2sdk().EC2Client)({ region, credentials }));
  const redshift = read((region, credentials) => new (redshiftSdk().RedshiftClient)({ region, credentials }));
  const rds = read((region, credentials) => new (rdsSdk().RDSClient)({ region, credentials }));
  return {
    async exists(service, region, id, accountId) {
      try {
        switch (service) {
          case 'dynamodb': {
            const client = await dynamo(region, accountId);
            await client.send(new DescribeTableCommand({ TableName: id }));
            return true;
          }
          case 'redshift': {
            const client = await redshift(region, accountId);
            const res = await client.send(new (redshiftSdk().DescribeClustersCommand)({ ClusterIdentifier: id }));
            return (res.Clusters ?? []).some((c) => c.ClusterStatus !== 'deleting');
          }
          case 'rds': {
            const client = await rds(region, accountId);
            const res = await client.send(new (rdsSdk().DescribeDBInstancesCommand)({ DBInstanceIdentifier: id }));
            return (res.DBInstances ?? []).some((d) => d.DBInstanceStatus !== 'deleting');
          }
          case 'ec2': {
            if (!/^(i|vol|nat)-/.test(id)) return undefined;
            const client = await ec2(region, accountId);
            if (id.startsWith('i-')) {
              const res = await client.send(new (ec2sdk().DescribeInstancesCommand)({ InstanceIds: [id] }));
              return (res.Reservations ?? [])
                .flatMap((r) => r.Instances ?? [])
                .some((i) => !['terminated', 'shutting-down'].includes(i.State?.Name ?? ''));
            }
            if (id.startsWith('vol-'))
              return (
                ((await client.send(new (ec2sdk().DescribeVolumesCommand)({ VolumeIds: [id] }))).Volumes ?? []).length >
                0
              );
            const res = await client.send(new (ec2sdk().DescribeNatGatewaysCommand)({ NatGatewayIds: [id] }));
            return (res.NatGateways ?? []).some((n) => !['deleted', 'deleting'].includes(n.State ?? ''));
          }
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
