import { CERTIFIED_COPY_ANSWERS, originalScan, type Visitor } from './clients.js';

/*
 * Citizens filing dossiers and paying obligations as fast as they can, each call sent again
 * with the same Idempotency-Key until it is answered, as a client does whose connection
 * dropped: what the load balancer test runs while it kills a portal process.
 */

/** What nginx answers when the process it chose died under the request. */
const RETRYABLE = new Set([502, 503, 504]);
const MAX_TRIES = 40;
const RETRY_PAUSE_MS = 250;

export interface Acknowledged {
  kind: 'draft' | 'submission' | 'payment';
  /** The draft's or the order's id. */
  id: string;
  /** The dossier's code, for a submission. */
  code?: string;
}

export interface LoadRecord {
  acknowledged: Acknowledged[];
  /** Calls sent again after no answer or a 5xx from nginx. */
  retried: number;
  /** Answers no client should get (4xx, 500…), described. */
  unexpected: string[];
}

export interface LoadPlan {
  citizens: Visitor[];
  agencyCode: string;
  billCodes: string[];
  /** Asked before each dossier and each payment: true ends that citizen's loop. */
  done: () => boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sent until answered: a refusal or a 2xx, never nginx's "the process died" nor no answer. */
async function untilAnswered(
  record: LoadRecord,
  send: () => Promise<{ status: number; body: Record<string, unknown> }>,
) {
  for (let tries = 1; ; tries++) {
    try {
      const answer = await send();
      if (!RETRYABLE.has(answer.status)) return answer;
    } catch {
      // The connection dropped: the same as a 502.
    }
    if (tries === MAX_TRIES) throw new Error(`no answer after ${MAX_TRIES} tries`);
    record.retried++;
    await pause(RETRY_PAUSE_MS);
  }
}

/** One step of the story: answered `expected`, or described among the unexpected answers. */
async function step(
  record: LoadRecord,
  what: string,
  expected: number,
  send: () => Promise<{ status: number; body: Record<string, unknown> }>,
) {
  const answer = await untilAnswered(record, send);
  if (answer.status === expected) return answer.body;
  record.unexpected.push(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return null;
}

/** A certified copy from draft to submission; the draft and the submission acknowledged. */
async function fileOne(record: LoadRecord, citizen: Visitor, agencyCode: string, key: string) {
  const draft = await step(record, 'draft', 201, () =>
    citizen.call(
      'POST',
      '/api/v1/dossiers',
      { procedureCode: '2.001009', agencyCode },
      { 'idempotency-key': `${key}-draft` },
    ),
  );
  if (!draft) return;
  const id = String(draft.id);
  record.acknowledged.push({ kind: 'draft', id });
  const answered = await step(record, 'answers', 200, () =>
    citizen.call('PATCH', `/api/v1/dossiers/${id}`, { answers: CERTIFIED_COPY_ANSWERS }),
  );
  const attached =
    answered &&
    (await step(record, 'attachment', 201, () =>
      citizen.call('POST', `/api/v1/dossiers/${id}/attachments`, originalScan()),
    ));
  if (!attached) return;
  const submitted = await step(record, 'submission', 200, () =>
    citizen.call('POST', `/api/v1/dossiers/${id}/submit`, undefined, {
      'idempotency-key': `${key}-submit`,
    }),
  );
  if (submitted) record.acknowledged.push({ kind: 'submission', id, code: String(submitted.code) });
}

async function payOne(record: LoadRecord, citizen: Visitor, billCode: string, key: string) {
  const order = await step(record, 'payment', 201, () =>
    citizen.call(
      'POST',
      '/api/v1/payments',
      { billCode, provider: 'sandbox-bank' },
      { 'idempotency-key': `${key}-payment` },
    ),
  );
  if (order) record.acknowledged.push({ kind: 'payment', id: String(order.id) });
}

/** Every citizen files and pays in turn until `done`; each finishes what it started. */
export async function runLoad(plan: LoadPlan): Promise<LoadRecord> {
  const record: LoadRecord = { acknowledged: [], retried: 0, unexpected: [] };
  await Promise.all(
    plan.citizens.map(async (citizen, c) => {
      for (let n = 0; !plan.done(); n++) {
        const key = `load-${c}-${n}`;
        await fileOne(record, citizen, plan.agencyCode, key);
        if (plan.done()) return;
        await payOne(record, citizen, plan.billCodes[n % plan.billCodes.length]!, key);
      }
    }),
  );
  return record;
}
