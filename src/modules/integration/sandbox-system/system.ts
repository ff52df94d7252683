import { documentHeading, labelledLine, renderPdf } from '../../../platform/pdf.js';
import type { Delivery, PortalClient, PushAnswer } from './portal-client.js';

/** How the sandbox behaves: its compressed clock and how unreliable it is. */
export interface SandboxOptions {
  /** Real milliseconds a processing step takes (the compressed clock). */
  stepMs: number;
  /** Share of events sent a second time (a retry after a lost answer). */
  duplicates: number;
  /** Share of events held back to a later push, at each push (arriving after newer ones). */
  reorder: number;
  /** Share of pushes lost on the way (sent again at the next tick). */
  failures: number;
  /** Share of dossiers for which the applicant is asked for a supplement. */
  supplements: number;
  /** A counter dossier of its own every this many ticks (0: none). */
  counterEvery: number;
  /** The agencies it processes for (counter dossiers are filed at them). */
  agencies: string[];
  /** Applicants of counter dossiers (the simulator's people, so they can follow them). */
  applicants: { name: string; idNumber: string }[];
  random: () => number;
  now?: () => number;
}

interface Step {
  status: number;
  at: number;
  supplement?: boolean;
  result?: boolean;
}

interface Work {
  code: string;
  agencyCode: string;
  procedureCode: string;
  counter?: { name: string; idNumber: string; channel: 1 | 3 };
  receivedAt: number;
  dueAt: number;
  steps: Step[];
}

/** What a tick did, for the command's log and the tests. */
export interface TickReport {
  delivered: number;
  counterDossiers: number;
  sent: number;
  lost: number;
  answer: PushAnswer | null;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A connected one-stop system for trying the hub: it takes the dossiers the portal delivers
 * for its agencies, "processes" each on a compressed clock (received, processing, sometimes
 * a supplement asked and given, processed, returned with a signed-looking PDF result), files
 * counter dossiers of its own, and pushes every change, with configurable repeats, late
 * events and lost pushes: what real systems do to the portal.
 */
export class SandboxSystem {
  private readonly work: Work[] = [];
  private readonly held: object[] = [];
  private readonly seen = new Set<string>();
  private procedures: string[] = [];
  private ticks = 0;
  private counted = 0;

  constructor(
    private readonly portal: PortalClient,
    private readonly options: SandboxOptions,
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  /** Dossiers still being processed, and events waiting to be sent. */
  get pending(): number {
    return this.work.length + this.held.length;
  }

  async tick(): Promise<TickReport> {
    this.ticks += 1;
    const delivered = await this.takeDeliveries();
    const counter = await this.fileCounterDossier();
    const due = await this.dueEvents();
    const { sent, lost, answer } = await this.send(due);
    return { delivered, counterDossiers: counter ? 1 : 0, sent, lost, answer };
  }

  private async takeDeliveries(): Promise<number> {
    const deliveries = await this.portal.deliveries();
    for (const delivery of deliveries) {
      if (!this.seen.has(delivery.id)) {
        this.seen.add(delivery.id);
        this.work.push(this.plan(delivery));
      }
      await this.portal.acknowledge(delivery.id);
    }
    return deliveries.length;
  }

  private plan(delivery: Delivery): Work {
    const start = this.now();
    return {
      code: delivery.dossier.code,
      agencyCode: delivery.dossier.agency.code,
      procedureCode: delivery.dossier.procedure.code,
      receivedAt: start,
      dueAt: Date.parse(delivery.dossier.dueAt),
      steps: this.steps(start),
    };
  }

  /** Received, processing, perhaps a supplement and back, processed, returned. */
  private steps(start: number): Step[] {
    const { stepMs } = this.options;
    const statuses: Omit<Step, 'at'>[] = [{ status: 2 }, { status: 4 }];
    if (this.options.random() < this.options.supplements) {
      statuses.push({ status: 5, supplement: true }, { status: 4 });
    }
    statuses.push({ status: 9 }, { status: 10, result: true });
    return statuses.map((s, i) => ({ ...s, at: start + i * stepMs }));
  }

  private async fileCounterDossier(): Promise<boolean> {
    const { counterEvery, agencies, applicants, random } = this.options;
    if (counterEvery <= 0 || this.ticks % counterEvery !== 0 || agencies.length === 0) return false;
    if (this.procedures.length === 0) this.procedures = await this.portal.procedures();
    if (this.procedures.length === 0 || applicants.length === 0) return false;
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const start = this.now();
    this.counted += 1;
    const day = iso(start).slice(2, 10).replace(/-/g, '');
    this.work.push({
      code: `MC-${day}-${String(this.counted).padStart(4, '0')}-${Math.floor(random() * 1e6)}`,
      agencyCode: pick(agencies),
      procedureCode: pick(this.procedures),
      // The applicants in turn, so each of the simulator's people soon has one to follow.
      counter: {
        ...applicants[(this.counted - 1) % applicants.length]!,
        channel: random() < 0.8 ? 1 : 3,
      },
      receivedAt: start,
      dueAt: start + 10 * DAY,
      steps: [{ status: 1, at: start - 1 }, ...this.steps(start)],
    });
    return true;
  }

  /** Every step whose time has come, as the events the portal takes. */
  private async dueEvents(): Promise<object[]> {
    const now = this.now();
    const events: object[] = [];
    for (const work of [...this.work]) {
      while (work.steps[0] && work.steps[0].at <= now) {
        const step = work.steps.shift()!;
        events.push(await this.event(work, step));
      }
      if (work.steps.length === 0) this.work.splice(this.work.indexOf(work), 1);
    }
    return events;
  }

  private async event(work: Work, step: Step): Promise<object> {
    const base = {
      eventId: `${work.code}:${step.status}:${step.at}`,
      at: iso(step.at),
      code: work.code,
      status: step.status,
      receivedAt: iso(work.receivedAt),
      dueAt: iso(work.dueAt),
    };
    const dossier = work.counter
      ? {
          procedureCode: work.procedureCode,
          agencyCode: work.agencyCode,
          channel: work.counter.channel,
          applicant: { name: work.counter.name, idNumber: work.counter.idNumber },
        }
      : {};
    if (step.supplement) {
      const newDue = work.dueAt + 3 * DAY;
      const supplements = [
        {
          requestedAt: iso(step.at),
          reason: 'Bổ sung bản sao giấy khai sinh',
          oldDueAt: iso(work.dueAt),
          newDueAt: iso(newDue),
        },
      ];
      work.dueAt = newDue;
      return {
        ...base,
        ...dossier,
        dueAt: iso(newDue),
        supplements,
        note: 'Yêu cầu bổ sung hồ sơ',
      };
    }
    if (step.result) {
      const sha256 = await this.portal.uploadResult(await resultPdf(work.code), 'application/pdf');
      return {
        ...base,
        ...dossier,
        returnedAt: iso(step.at),
        results: [{ fileName: `ket-qua-${work.code}.pdf`, contentType: 'application/pdf', sha256 }],
      };
    }
    return { ...base, ...dossier };
  }

  /** Pushes what is due with the held-back events, repeating, holding and losing some. */
  private async send(due: object[]) {
    const { duplicates, reorder, failures, random } = this.options;
    // A held event may be held again: it then arrives after newer ones already applied.
    const batch: object[] = [];
    for (const event of this.held.splice(0)) (random() < reorder ? this.held : batch).push(event);
    for (const event of due) {
      if (random() < reorder) this.held.push(event);
      else batch.push(event);
      if (random() < duplicates) batch.push(event);
    }
    if (batch.length === 0) return { sent: 0, lost: 0, answer: null };
    if (random() < failures) {
      // Lost on the way: the system never heard back, so it sends all of it again later.
      this.held.unshift(...batch);
      return { sent: 0, lost: batch.length, answer: null };
    }
    const answer = await this.portal.push(batch);
    return { sent: batch.length, lost: 0, answer };
  }
}

/** A result document of the sandbox system: a one-page PDF naming the dossier. */
function resultPdf(code: string): Promise<Buffer> {
  return renderPdf({ title: `Kết quả giải quyết hồ sơ ${code}` }, (doc) => {
    documentHeading(doc, {
      issuer: 'HỆ THỐNG MỘT CỬA ĐIỆN TỬ (THỬ NGHIỆM)',
      nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      title: 'KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    });
    labelledLine(doc, 'Mã hồ sơ', code);
  });
}
