import { respond, type CustomResourceEvent } from '../src/adapters/aws/cfn-response';
import { configurationProblems, parameterLegend, type FunctionConfiguration } from '../src/app/config-check';

/**
 * CloudFormation custom resource (ConfigCheck in template.yaml): runs every function's
 * configuration loaders on the environment the template gives it, before those functions can
 * get events, and fails the create or update with the loader's message, naming the function and
 * the entry. A delete always succeeds (a rollback must be able to remove it).
 */
export const handler = async (event: CustomResourceEvent) => {
  const id = event.PhysicalResourceId ?? 'lamplighter-config-check';
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = 'Every function accepts its configuration.';
  try {
    if (event.RequestType !== 'Delete') {
      const functions = (event.ResourceProperties.Functions ?? {}) as Record<string, FunctionConfiguration>;
      const problems = configurationProblems(functions, { AWS_REGION: process.env.AWS_REGION });
      if (problems.length) {
        status = 'FAILED';
        const legend = parameterLegend(
          problems,
          (event.ResourceProperties.ParameterNames ?? {}) as Record<string, string>,
        );
        reason = `Lamplighter's functions would not start with these parameters: ${problems.join('; ')}${legend ? ` (${legend})` : ''}`;
      }
    }
  } catch (err) {
    status = 'FAILED';
    reason = `The configuration check failed: ${(err as Error).message}`;
  }
  await respond(event, status, reason, id);
  return { status, reason };
};
