import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { App } from '../../platform/http.js';
import { ProblemSchema } from '../../platform/errors.js';
import type { NotificationService } from './service.js';
import { MailboxPage } from './mailbox.page.js';
import { assertFormToken } from '../../platform/forms.js';
import { InboxPage } from './inbox.page.js';

export function notificationRoutes(app: App, notifications: NotificationService, mailbox: boolean) {
  app.get(
    '/api/v1/me/notifications',
    {
      config: { access: 'signed_in' },
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
      const rows = await notifications.inbox(request.session!.accountId);
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

  const signedIn = { schema: { hide: true }, config: { access: 'signed_in' as const } };

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
