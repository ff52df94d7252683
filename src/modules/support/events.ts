import type { Channel, Outcome, Topic } from './topics.js';
import type { TicketAction, TicketState } from './lifecycle.js';

/** What the help desk tells listeners (webhooks, the monitoring index), once committed. */

/** A ticket was opened, or one of its states or timelines changed. */
export interface TicketChanged {
  ticketId: string;
  code: string;
  topic: Topic;
  procedureCode: string | null;
  /** `open` when it was just opened; else the lifecycle's action. */
  action: TicketAction | 'open';
  status: TicketState;
  at: Date;
}

/** A call, chat or email was logged by support staff. */
export interface CallLogged {
  callId: string;
  channel: Channel;
  topic: Topic;
  procedureCode: string | null;
  outcome: Outcome;
  durationSeconds: number;
  at: Date;
}

/** A knowledge-base article was published, changed while published, or withdrawn. */
export interface ArticleChanged {
  articleId: string;
  slug: string;
  status: 'draft' | 'published';
  at: Date;
}
