import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../../../src/adapters/aws/dynamo';
import { createFlowStore } from '../../../src/adapters/aws/dynamo/flows';
import { createStateTable } from '../../support/aws';

const TABLE = 'lamplighter-flows-test';
beforeAll(() => createStateTable(TABLE));

describe("a channel's flow in the state table", () => {
  it('reads a flow stored by the previous release (with its per-channel update bucket), and writes it back without it', async () => {
    const table = createTable(TABLE);
    // As the previous release wrote it: the flow as JSON, with `updates` beside the post tokens.
    const stored = {
      tokens: 2,
      updates: 11,
      refilledAt: '2026-12-07T10:00:00.000Z',
      opens: [],
      storm: {
        ts: '1796670040.000002',
        since: '2026-12-07T09:58:00.000Z',
        members: [
          {
            key: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-5xx',
            alarmName: 'orders-5xx',
            state: 'ALARM',
            openedAt: '2026-12-07T09:58:00.000Z',
          },
        ],
        stale: true,
        drawnAt: '2026-12-07T09:59:30.000Z',
      },
      owed: {},
    };
    await table.doc.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: 'FLOWS', sk: 'C0FLOWS1', flow: JSON.stringify(stored), owing: true, version: 7 },
      }),
    );
    const flows = createFlowStore(table);
    const flow = await flows.get('C0FLOWS1');
    expect(flow).toMatchObject({ channel: 'C0FLOWS1', tokens: 2, version: 7 });
    expect(flow).not.toHaveProperty('updates');
    expect(flow!.storm?.members.map((m) => m.alarmName)).toEqual(['orders-5xx']);
    expect(flow!.storm?.drawnAt).toEqual(new Date('2026-12-07T09:59:30.000Z'));

    await flows.put({ ...flow!, version: 8 });
    const again = await flows.get('C0FLOWS1');
    expect(again).toMatchObject({ version: 8, tokens: 2 });
    expect(again).not.toHaveProperty('updates');
  });
});
