import type { Database, Queryable, Transaction } from '../src/platform/db.js';

/**
 * A database that notes every statement it is sent, so a test can count the round trips
 * one request makes. A transaction counts its BEGIN and COMMIT: each is a round trip too.
 */
export function countingDatabase(db: Database) {
  const sent: string[] = [];
  const noting = <T extends Queryable & Pick<Transaction, 'exec'>>(target: T) => ({
    query: <Row>(text: string, params?: unknown[]) => {
      sent.push(text);
      return target.query<Row>(text, params);
    },
    exec: (text: string) => {
      sent.push(text);
      return target.exec(text);
    },
    afterCommit: (then: () => void) => target.afterCommit(then),
  });
  const counted: Database = {
    ...db,
    ...noting(db),
    transaction: (work) => {
      sent.push('BEGIN');
      return db.transaction((tx) => work(noting(tx))).finally(() => sent.push('COMMIT'));
    },
  };
  return {
    db: counted,
    /** The statements sent since the last call, oldest first. */
    take: (): string[] => sent.splice(0),
  };
}
