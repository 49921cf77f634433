import { CostExplorerClient, ProvideAnomalyFeedbackCommand } from '@aws-sdk/client-cost-explorer';
import { ActionError } from '../../kernel/errors';
import type { AnomalyFeedbackPort } from '../../features/spend/ports';

/**
 * Cost Explorer's anomaly feedback. Its endpoint is in us-east-1 whatever the function's region;
 * the client honours AWS_ENDPOINT_URL_COST_EXPLORER / AWS_ENDPOINT_URL like every other.
 */
export function createAnomalyFeedbackPort(
  client: CostExplorerClient = new CostExplorerClient({ region: 'us-east-1', maxAttempts: 3 }),
): AnomalyFeedbackPort {
  return {
    async provide(anomalyId, feedback) {
      try {
        await client.send(new ProvideAnomalyFeedbackCommand({ AnomalyId: anomalyId, Feedback: feedback }));
      } catch (err) {
        const name = (err as { name?: string }).name ?? '';
        if (/AccessDenied/.test(name))
          throw new ActionError(
            'access_denied',
            "Lamplighter's role may not give anomaly feedback (ce:ProvideAnomalyFeedback).",
            { cause: err },
          );
        if (name === 'UnknownMonitorException' || name === 'ResourceNotFoundException')
          throw new ActionError('not_found', `Cost Explorer does not know anomaly ${anomalyId}.`, { cause: err });
        throw new ActionError('failed', `Cost Explorer failed: ${(err as Error).message}`, { cause: err });
      }
    },
  };
}
