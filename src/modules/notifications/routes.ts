import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { App } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { NotificationService } from './service.js';
import { MailboxPage } from './mailbox.page.js';

export function notificationRoutes(app: App, notifications: NotificationService, mailbox: boolean) {
  app.get(
    '/api/v1/me/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'The signed-in person’s in-app notifications, newest first',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                subject: Type.String(),
                body: Type.String(),
                createdAt: Type.String({ format: 'date-time' }),
                read: Type.Boolean(),
              }),
            ),
          }),
          401: ProblemSchema,
        },
      },
    },
    async (request) => {
      if (!request.session)
        throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
      const rows = await notifications.inbox(request.session.accountId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          subject: r.subject,
          body: r.body,
          createdAt: r.created_at.toISOString(),
          read: r.read_at !== null,
        })),
      };
    },
  );

  if (mailbox) {
    app.get('/dev/mailbox', { schema: { hide: true } }, async (_request, reply) =>
      reply.page(h(MailboxPage, { messages: await notifications.mailbox() })),
    );
  }
}
