import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/helpers.js';
import { CookieClient } from '../../../test/browser-client.js';
import type { Clock } from '../../platform/clock.js';
import { IdentityRepository } from './repository.js';
import { hashPassword, MAX_CODES_PER_HOUR } from './local-sign-in.js';

const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
} satisfies Clock & { offsetMs: number };
let server: Awaited<ReturnType<typeof startTestServer>>;
const PASSWORD = 'Mật-khẩu-đủ-dài-2026';

beforeAll(async () => {
  server = await startTestServer({ clock });
  const repository = new IdentityRepository(server.db);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [name, email] of [
    ['Cán bộ Một Cửa', 'canbo@example.vn'],
    ['Người khóa', 'locked@example.vn'],
    ['Người nhận nhiều mã', 'codes@example.vn'],
    ['Người nhập sai', 'typo@example.vn'],
  ]) {
    await repository.createLocalAccount({
      kind: 'officer',
      name: name!,
      email: email!,
      phone: null,
      passwordHash,
    });
  }
});

async function signInForm(browser: CookieClient) {
  const page = await browser.request('/auth/sign-in?returnTo=/agencies');
  const html = await page.text();
  return /name="csrf" value="([^"]+)"/.exec(html)![1]!;
}

async function latestCode(email: string): Promise<string> {
  const [row] = await server.db.query<{ body: string }>(
    `SELECT body FROM notifications WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1`,
    [email],
  );
  return /(\d{6})/.exec(row!.body)![1]!;
}

describe('local sign-in: email + password + one-time code', () => {
  it('sends a code to the mailbox and signs in with it', async () => {
    const browser = new CookieClient(server.base);
    const csrf = await signInForm(browser);
    const step = await browser.postForm('/auth/local', {
      csrf,
      returnTo: '/agencies',
      identifier: 'CanBo@example.vn',
      password: PASSWORD,
    });
    expect(step.status).toBe(303);
    const codePage = await browser.request(step.headers.get('location')!);
    expect(await codePage.text()).toContain('Nhập mã xác thực');
    const challenge = new URL(step.headers.get('location')!, server.base).searchParams.get(
      'challenge',
    )!;

    const [mail] = await server.db.query<{ status: string; subject: string }>(
      `SELECT status, subject FROM notifications WHERE recipient = 'canbo@example.vn'`,
    );
    expect(mail?.status).toBe('delivered');
    const code = await latestCode('canbo@example.vn');
    expect(mail?.subject).toContain(code);

    const done = await browser.postForm('/auth/local/code', {
      csrf,
      challenge,
      code,
      returnTo: '/agencies',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/agencies');
    const me = await browser.request('/api/v1/me', { headers: { accept: 'application/json' } });
    expect(await me.json()).toMatchObject({
      kind: 'officer',
      name: 'Cán bộ Một Cửa',
      assuranceLevel: 1,
    });

    // The code is used up.
    const again = await new CookieClient(server.base).postForm('/auth/local/code', {
      csrf,
      challenge,
      code,
    });
    expect(again.status).toBe(403);
    const replay = await browser.postForm('/auth/local/code', { csrf, challenge, code });
    expect(await replay.text()).toContain('Mã xác thực đã hết hạn hoặc đã dùng');
  });

  it('answers an unknown account exactly like a wrong password', async () => {
    const browser = new CookieClient(server.base);
    const csrf = await signInForm(browser);
    const unknown = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'nobody@example.vn',
      password: PASSWORD,
    });
    const wrong = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'canbo@example.vn',
      password: 'sai mật khẩu',
    });
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    const message = 'Thư điện tử, số điện thoại hoặc mật khẩu không đúng';
    expect(await unknown.text()).toContain(message);
    expect(await wrong.text()).toContain(message);
  });

  it('locks the account for 15 minutes after 5 wrong passwords', async () => {
    const browser = new CookieClient(server.base);
    const csrf = await signInForm(browser);
    for (let i = 0; i < 4; i++) {
      expect(
        (
          await browser.postForm('/auth/local', {
            csrf,
            identifier: 'locked@example.vn',
            password: 'sai',
          })
        ).status,
      ).toBe(400);
    }
    const fifth = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'locked@example.vn',
      password: 'sai',
    });
    expect(fifth.status).toBe(429);
    expect(await fifth.text()).toContain('Tài khoản tạm khóa');
    const right = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'locked@example.vn',
      password: PASSWORD,
    });
    expect(right.status).toBe(429);
    clock.offsetMs = 16 * 60_000;
    try {
      expect(
        (
          await browser.postForm('/auth/local', {
            csrf,
            identifier: 'locked@example.vn',
            password: PASSWORD,
          })
        ).status,
      ).toBe(303);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('lets a code be tried 5 times, and not after 5 minutes', async () => {
    const browser = new CookieClient(server.base);
    const csrf = await signInForm(browser);
    const step = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'typo@example.vn',
      password: PASSWORD,
    });
    const challenge = new URL(step.headers.get('location')!, server.base).searchParams.get(
      'challenge',
    )!;
    const code = await latestCode('typo@example.vn');
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const attempt = await browser.postForm('/auth/local/code', {
        csrf,
        challenge,
        code: wrongCode,
      });
      expect(await attempt.text()).toContain('Mã xác thực không đúng');
    }
    const late = await browser.postForm('/auth/local/code', { csrf, challenge, code });
    expect(await late.text()).toContain('Mã xác thực đã hết hạn hoặc đã dùng');

    const fresh = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'typo@example.vn',
      password: PASSWORD,
    });
    const freshChallenge = new URL(fresh.headers.get('location')!, server.base).searchParams.get(
      'challenge',
    )!;
    const freshCode = await latestCode('typo@example.vn');
    clock.offsetMs = 6 * 60_000;
    try {
      const expired = await browser.postForm('/auth/local/code', {
        csrf,
        challenge: freshChallenge,
        code: freshCode,
      });
      expect(await expired.text()).toContain('Mã xác thực đã hết hạn hoặc đã dùng');
    } finally {
      clock.offsetMs = 0;
    }
  });

  it(`sends at most ${MAX_CODES_PER_HOUR} codes an hour`, async () => {
    const browser = new CookieClient(server.base);
    const csrf = await signInForm(browser);
    for (let i = 0; i < MAX_CODES_PER_HOUR; i++) {
      expect(
        (
          await browser.postForm('/auth/local', {
            csrf,
            identifier: 'codes@example.vn',
            password: PASSWORD,
          })
        ).status,
      ).toBe(303);
    }
    const more = await browser.postForm('/auth/local', {
      csrf,
      identifier: 'codes@example.vn',
      password: PASSWORD,
    });
    expect(more.status).toBe(429);
    expect(await more.text()).toContain('Đã gửi quá nhiều mã xác thực');
  });

  it('refuses a form without its token', async () => {
    const browser = new CookieClient(server.base);
    await signInForm(browser);
    const forged = await browser.postForm('/auth/local', {
      identifier: 'canbo@example.vn',
      password: PASSWORD,
    });
    expect(forged.status).toBe(403);
  });
});
