import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { NotificationRow, NotificationService } from './service.js';
import { MailboxPage } from './mailbox.page.js';
import { InboxPage } from './inbox.page.js';

interface NotificationRoutesOptions {
  notifications: NotificationService;
  /** The development mailbox at /dev/mailbox (only where the stand-ins run). */
  mailbox: boolean;
}

const NotificationListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      subject: Type.String(),
      body: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      read: Type.Boolean(),
    }),
  ),
});

const notificationDto = (row: NotificationRow) => ({
  id: row.id,
  subject: row.subject,
  body: row.body,
  createdAt: row.created_at.toISOString(),
  read: row.read_at !== null,
});

const signedIn = { schema: { hide: true }, config: { access: 'signed_in' as const } };

/** The signed-in person's in-app messages (API and page), and the development mailbox. */
export async function notificationRoutes(
  app: App,
  { notifications, mailbox }: NotificationRoutesOptions,
) {
  app.get(
    '/api/v1/me/notifications',
    {
      config: { access: 'signed_in' },
      schema: {
        tags: ['notifications'],
        summary: 'The signed-in person’s in-app notifications, newest first',
        response: { 200: NotificationListSchema, 401: ProblemSchema },
      },
    },
    async (request) => ({
      items: (await notifications.inbox(request.session!.accountId)).map(notificationDto),
    }),
  );

  app.get('/notifications', signedIn, async (request, reply) => {
    const messages = await notifications.inbox(request.session!.accountId);
    return reply.page(h(InboxPage, { messages, csrf: request.viewer?.csrfToken ?? '' }));
  });

  app.post<{ Body: { csrf?: string } }>('/notifications/read', signedIn, async (request, reply) => {
    assertFormToken(request.viewer?.csrfToken, request.body?.csrf);
    await notifications.markAllRead(request.session!.accountId);
    return reply.redirect('/notifications', 303);
  });

  if (mailbox) {
    app.get('/dev/mailbox', { schema: { hide: true } }, async (_request, reply) =>
      reply.page(h(MailboxPage, { messages: await notifications.mailbox() })),
    );
  }
}
