import type { Transporter } from 'nodemailer';

interface OutgoingMessage {
  to: string;
  subject: string;
  body: string;
}

interface DeliveryResult {
  /** `sent`: handed to the provider; `delivered`: it reports the message arrived. */
  status: 'sent' | 'delivered';
  providerMessageId: string | null;
  answer: string;
}

/** Every channel's provider answers the same way; a thrown error is a failed attempt. */
export interface MessageProvider {
  readonly name: string;
  send(message: OutgoingMessage): Promise<DeliveryResult>;
}

/** Email through SMTP (SMTP_URL), by nodemailer. */
export class SmtpEmailProvider implements MessageProvider {
  readonly name = 'smtp';
  private transport: Promise<Transporter> | null = null;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  async send(message: OutgoingMessage): Promise<DeliveryResult> {
    // nodemailer loads with the first email, not with every start.
    this.transport ??= import('nodemailer').then((m) => m.default.createTransport(this.smtpUrl));
    const info = await (
      await this.transport
    ).sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.body,
    });
    return {
      status: 'sent',
      providerMessageId: info.messageId ?? null,
      answer: String(info.response ?? ''),
    };
  }
}

/** SMS through a generic HTTP gateway: POST {to, text} as JSON, with a bearer token. */
export class HttpSmsProvider implements MessageProvider {
  readonly name = 'http-sms';

  constructor(
    private readonly url: string,
    private readonly token: string | null,
  ) {}

  async send(message: OutgoingMessage): Promise<DeliveryResult> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ to: message.to, text: message.body }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.text()).slice(0, 1000);
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}: ${answer}`);
    return { status: 'sent', providerMessageId: null, answer };
  }
}

/**
 * The development mailbox: nothing leaves the machine; the message stays in the outbox,
 * readable at /dev/mailbox, and counts as delivered.
 */
export class MailboxProvider implements MessageProvider {
  readonly name = 'dev-mailbox';

  async send(): Promise<DeliveryResult> {
    return {
      status: 'delivered',
      providerMessageId: null,
      answer: 'kept in the development mailbox',
    };
  }
}
