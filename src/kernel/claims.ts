export type ClaimResult = { status: 'claimed' } | { status: 'already'; by: string; at: Date };

/** Something done once only ("Expected" on a warning, a snapshot confirmation): one wins, the rest are told who. */
export interface ClaimStore {
  claim(key: string, user: string, at: Date): Promise<ClaimResult>;
}
