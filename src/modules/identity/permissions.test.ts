import { describe, expect, it } from 'vitest';
import { can, type Actor } from './permissions.js';

const officer = (roles: Actor['roles']): Actor => ({
  accountId: 'a',
  kind: 'officer',
  assuranceLevel: 1,
  roles,
});
const justiceHanoi = { type: 'agency' as const, code: '000.00.01.H01' };
const justiceHue = { type: 'agency' as const, code: '000.00.01.H46' };

describe('can', () => {
  it('lets an agency admin manage roles in their own agency only', () => {
    const admin = officer([{ agencyCode: justiceHanoi.code, role: 'agency_admin' }]);
    for (const action of ['roles.view', 'roles.grant', 'roles.revoke'] as const) {
      expect(can(admin, action, justiceHanoi)).toBe(true);
      expect(can(admin, action, justiceHue)).toBe(false);
    }
  });

  it('lets officers work for the agencies they hold a role in, and nobody else', () => {
    const receiver = officer([{ agencyCode: justiceHanoi.code, role: 'receiver' }]);
    expect(can(receiver, 'agency.work', justiceHanoi)).toBe(true);
    expect(can(receiver, 'agency.work', justiceHue)).toBe(false);
    expect(can(receiver, 'roles.grant', justiceHanoi)).toBe(false);
    const citizen: Actor = { accountId: 'c', kind: 'citizen', assuranceLevel: 2, roles: [] };
    expect(can(citizen, 'agency.work', justiceHanoi)).toBe(false);
    expect(can(null, 'roles.view', justiceHanoi)).toBe(false);
  });

  it('lets a system administrator do everything', () => {
    const root: Actor = { accountId: 'r', kind: 'system_admin', assuranceLevel: 2, roles: [] };
    expect(can(root, 'roles.grant', justiceHue)).toBe(true);
  });
});
