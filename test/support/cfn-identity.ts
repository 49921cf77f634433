import type { CfnResource, Where } from './cfn';

/** Physical ids and ARNs CloudFormation would give each resource type (what Ref and GetAtt return). */
export function identity(logicalId: string, r: CfnResource, w: Required<Where>): Record<string, string> {
  const p = r.Properties ?? {};
  const id = `${w.stackName}-${logicalId}-ABCDEF123456`;
  const at = `${w.partition}`;
  switch (r.Type) {
    case 'AWS::SNS::Topic':
      return {
        ref: `arn:${at}:sns:${w.region}:${w.account}:${id}`,
        arn: `arn:${at}:sns:${w.region}:${w.account}:${id}`,
      };
    case 'AWS::SQS::Queue':
      return {
        ref: `https://sqs.${w.region}.amazonaws.com/${w.account}/${id}`,
        arn: `arn:${at}:sqs:${w.region}:${w.account}:${id}`,
        QueueName: id,
      };
    case 'AWS::DynamoDB::Table':
      return { ref: id, arn: `arn:${at}:dynamodb:${w.region}:${w.account}:table/${id}` };
    case 'AWS::SecretsManager::Secret':
      return { ref: `arn:${at}:secretsmanager:${w.region}:${w.account}:secret:${id}-AbCdEf`, arn: '' };
    case 'AWS::Lambda::Function': {
      const name = typeof p.FunctionName === 'string' ? p.FunctionName : id;
      return { ref: name, arn: `arn:${at}:lambda:${w.region}:${w.account}:function:${name}` };
    }
    case 'AWS::IAM::Role': {
      const name = typeof p.RoleName === 'string' ? p.RoleName : id;
      return { ref: name, arn: `arn:${at}:iam::${w.account}:role/${name}` };
    }
    case 'AWS::Events::EventBus': {
      const name = typeof p.Name === 'string' ? p.Name : id;
      return { ref: name, arn: `arn:${at}:events:${w.region}:${w.account}:event-bus/${name}` };
    }
    case 'AWS::Events::Rule':
      return { ref: id, arn: `arn:${at}:events:${w.region}:${w.account}:rule/${id}` };
    case 'AWS::Logs::LogGroup': {
      const name = typeof p.LogGroupName === 'string' ? p.LogGroupName : id;
      return { ref: name, arn: `arn:${at}:logs:${w.region}:${w.account}:log-group:${name}:*` };
    }
    case 'AWS::S3::Bucket':
      return { ref: id.toLowerCase(), arn: `arn:${at}:s3:::${id.toLowerCase()}` };
    case 'AWS::ApiGatewayV2::Api':
      return { ref: 'abc123defg', arn: '' };
    default:
      return { ref: id, arn: `arn:${at}:unknown:${w.region}:${w.account}:${id}` };
  }
}
