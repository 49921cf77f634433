import { DEAD_LETTERING } from '../../../src/features/redrive/admit';
import { loadTemplate } from '../../support/template';

interface FunctionResource {
  Type: string;
  Properties: {
    EventInvokeConfig?: {
      MaximumRetryAttempts?: number;
      DestinationConfig?: { OnFailure?: { Destination?: unknown } };
    };
  };
}

/** What redrive knows of the template must be the template: a renamed function would be refused. */
describe('the functions redrive may invoke', () => {
  const resources = loadTemplate().Resources as Record<string, FunctionResource>;
  const deadLettering = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
    .filter(([, r]) =>
      JSON.stringify(r.Properties.EventInvokeConfig?.DestinationConfig?.OnFailure?.Destination ?? '').includes(
        'DeadLetterQueue',
      ),
    )
    .map(([id]) => id)
    .sort();

  it("are exactly the template's functions that dead-letter", () => {
    expect(Object.keys(DEAD_LETTERING).sort()).toEqual(deadLettering);
  });

  it('and the worker, which redrive replays only with --rerun-worker-jobs, is the one with no retries', () => {
    const noRetries = deadLettering.filter(
      (id) => resources[id]!.Properties.EventInvokeConfig?.MaximumRetryAttempts === 0,
    );
    expect(noRetries.map((id) => DEAD_LETTERING[id as keyof typeof DEAD_LETTERING])).toEqual(['worker']);
  });
});
