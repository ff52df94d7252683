import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { addDays, instantAt } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Applicants } from '../identity/index.js';
import { Checks, knownProcedure } from './checks.js';
import { Listeners } from '../../platform/listeners.js';
import type { CallLogged } from './events.js';
import type { CallRow, FigureRow, SupportRepository } from './repository.js';
import { isChannel, isOutcome, isTopic } from './topics.js';

export const SUMMARY_MAX = 2000;
export const DURATION_MAX_SECONDS = 86_400;

/** A call, chat or email as support staff log it. */
export interface CallInput {
  channel?: string | undefined;
  topic?: string | undefined;
  procedureCode?: string | undefined;
  /** The caller's personal ID number or enterprise code, when they gave it. */
  idNumber?: string | undefined;
  outcome?: string | undefined;
  durationSeconds?: number | undefined;
  summary?: string | undefined;
}

/** The Monday (a Vietnam calendar day) of the week a day falls in. */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** A week's figures: by topic, by procedure, and in all (calls by channel; tickets). */
export interface Figures {
  week: { from: string; to: string };
  byTopic: FigureRow[];
  byProcedure: FigureRow[];
  totals: Omit<FigureRow, 'key'>;
}

/** The hotline's log and the weekly figures of where people get stuck. */
export class Hotline {
  readonly logged = new Listeners<CallLogged>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      repository: SupportRepository;
      catalog: CatalogService;
      applicants: Applicants;
    },
  ) {}

  async log(agentId: string, input: CallInput): Promise<CallRow> {
    const checks = new Checks();
    const channel = checks.oneOf('channel', input.channel, isChannel);
    const topic = checks.oneOf('topic', input.topic, isTopic);
    const outcome = checks.oneOf('outcome', input.outcome, isOutcome);
    const duration = input.durationSeconds;
    if (duration === undefined || !Number.isInteger(duration)) {
      checks.add('duration', 'errors.field.required');
    } else if (duration < 0 || duration > DURATION_MAX_SECONDS) {
      checks.add('duration', 'errors.field.outOfRange');
    }
    const summary = checks.optional('summary', input.summary, SUMMARY_MAX) ?? '';
    const procedureCode = await knownProcedure(
      checks,
      this.deps.catalog,
      'procedureCode',
      (input.procedureCode ?? '').slice(0, 40),
    );
    const accountId = await this.accountOf(checks, input.idNumber);
    checks.done('invalid_call');
    const at = this.clock.now();
    const call = await this.db.transaction(async (tx) => {
      const row = await this.deps.repository.insertCall(tx, {
        channel,
        topic,
        procedure_code: procedureCode,
        account_id: accountId,
        outcome,
        duration_seconds: duration!,
        summary,
        agent_id: agentId,
        at,
      });
      this.logged.after(tx, {
        callId: row.id,
        channel,
        topic,
        procedureCode,
        outcome,
        durationSeconds: row.duration_seconds,
        at,
      });
      return row;
    });
    return call;
  }

  /** The account of a verified ID number, else a problem with the field (none given: null). */
  private async accountOf(checks: Checks, idNumber: string | undefined): Promise<string | null> {
    const given = (idNumber ?? '').replace(/\s/g, '');
    if (!given) return null;
    const found = /^\d{9,13}(-\d{3})?$/.test(given)
      ? await this.deps.applicants.verifiedAccounts([given])
      : [];
    if (found[0]) return found[0].accountId;
    checks.add('idNumber', 'support.call.unknownAccount');
    return null;
  }

  recent(limit = 50): Promise<CallRow[]> {
    return this.deps.repository.calls(this.db, { limit });
  }

  /** Calls, chats, emails and tickets of the week `day` falls in (this week when null). */
  async figures(day: string | null): Promise<Figures> {
    const from = weekStart(day ?? vietnamDate(this.clock.now()));
    const to = addDays(from, 7);
    const [start, end] = [instantAt(from, 0), instantAt(to, 0)];
    const byTopic = await this.deps.repository.figures('topic', start, end);
    const byProcedure = await this.deps.repository.figures('procedure_code', start, end);
    const sum = (k: keyof Omit<FigureRow, 'key'>) => byTopic.reduce((n, r) => n + r[k], 0);
    return {
      week: { from, to: addDays(to, -1) },
      byTopic,
      byProcedure,
      totals: {
        phone: sum('phone'),
        chat: sum('chat'),
        email: sum('email'),
        tickets: sum('tickets'),
      },
    };
  }
}
