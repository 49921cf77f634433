import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CreationFactsPort } from '../../features/spend/facts';
import type { PriceListPort } from '../../features/spend/prices/live';
import { createCreationFacts } from './creation-facts';
import { createMemberAccess, memberSettingsFrom, type MemberAccess } from './member-access';
import { storesFor, type Stores } from './dynamo';
import { lazy } from './lazy';
import { readSlackBotToken } from './secrets';

/** The AWS side of the cost guard: its state table, the Slack secret, the Price List, and what estimates read. */
export interface CostGuardAws {
  stores: Pick<Stores, 'journal' | 'spend' | 'prices'>;
  priceList: PriceListPort;
  facts: CreationFactsPort;
  readSlackToken: (secretId: string) => Promise<string>;
}

/** `access`: member.yaml's roles, so an estimate reads a member account's launch template there. */
export function createCostGuardAws(
  tableName: string,
  access: MemberAccess = createMemberAccess(memberSettingsFrom(process.env), { sessionName: 'lamplighter-cost-guard' }),
): CostGuardAws {
  const secrets = new SecretsManagerClient({});
  return {
    stores: storesFor(tableName),
    // The Price List client serves only a price the table's cache does not hold yet (and none with
    // PRICE_LIST_API off): loaded on first use, not at cold start.
    priceList: lazy(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated on first use, not at cold start
      return (require('./pricing') as typeof import('./pricing')).createPriceListPort();
    }),
    facts: createCreationFacts(access),
    readSlackToken: (secretId) => readSlackBotToken(secrets, secretId),
  };
}
