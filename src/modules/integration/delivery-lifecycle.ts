/**
 * A delivery (a dossier filed on the portal, handed to the connected system that processes
 * its agency) as a pure state machine. Its state follows from its row and the time:
 *
 * - `waiting`: made, never handed out;
 * - `leased`: handed out by a pull, its lease running: no other pull hands it out;
 * - `lapsed`: handed out, the lease over and not acknowledged: the next pull hands it out
 *   again (redelivery until acknowledged);
 * - `acknowledged`: the system has it; it stays, and the portal's back office leaves the
 *   dossier to that system.
 *
 * Actions: `lease` (a pull), `acknowledge` (the client's ack, idempotent) and `recall` (the
 * agency is no longer marked as connected: what the system has not acknowledged comes back to
 * the portal's back office). The repository's SQL does what this decides (the pull's
 * condition is LEASABLE's, the recall's RECALLABLE's), and the tests walk every state and
 * action.
 */

export const DELIVERY_STATES = ['waiting', 'leased', 'lapsed', 'acknowledged'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_ACTIONS = ['lease', 'acknowledge', 'recall'] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

/** What the state machine reads of a delivery. */
export interface DeliveryFacts {
  attempts: number;
  leasedUntil: Date | null;
  acknowledgedAt: Date | null;
}

export function deliveryState(facts: DeliveryFacts, now: Date): DeliveryState {
  if (facts.acknowledgedAt) return 'acknowledged';
  if (facts.attempts === 0) return 'waiting';
  return facts.leasedUntil && facts.leasedUntil > now ? 'leased' : 'lapsed';
}

/**
 * Where an action leads: a new state, `unchanged` (acknowledging twice answers the same), or a
 * refusal. `removed`: the delivery is deleted (recalled).
 */
export type DeliveryOutcome =
  | { to: DeliveryState | 'removed' }
  | { unchanged: true }
  | { refused: 'lease_held' | 'not_handed_out' | 'acknowledged_already' };

const TABLE: Record<DeliveryState, Record<DeliveryAction, DeliveryOutcome>> = {
  waiting: {
    lease: { to: 'leased' },
    // Its id is known only from a pull (or a webhook): the system does not have the dossier.
    acknowledge: { refused: 'not_handed_out' },
    recall: { to: 'removed' },
  },
  leased: {
    lease: { refused: 'lease_held' },
    acknowledge: { to: 'acknowledged' },
    recall: { to: 'removed' },
  },
  lapsed: {
    lease: { to: 'leased' },
    acknowledge: { to: 'acknowledged' },
    recall: { to: 'removed' },
  },
  acknowledged: {
    lease: { refused: 'acknowledged_already' },
    acknowledge: { unchanged: true },
    // The system has it and processes it; taking it back would have two offices on it.
    recall: { refused: 'acknowledged_already' },
  },
};

export function decideDelivery(state: DeliveryState, action: DeliveryAction): DeliveryOutcome {
  return TABLE[state][action];
}

/** The states an action moves out of (for the SQL that applies it to many rows at once). */
const from = (action: DeliveryAction) =>
  DELIVERY_STATES.filter((state) => 'to' in decideDelivery(state, action));

/** What a pull hands out: waiting and lapsed deliveries. */
export const LEASABLE: readonly DeliveryState[] = from('lease');
/** What unmarking an agency takes back: everything not acknowledged. */
export const RECALLABLE: readonly DeliveryState[] = from('recall');
