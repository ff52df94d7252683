import { describe, expect, it } from 'vitest';
import {
  admits,
  agenciesWhere,
  agenciesWith,
  can,
  dashboardAgencies,
  ROLES,
  type Access,
  type Action,
  type Actor,
  type Resource,
  type Role,
} from './permissions.js';

const HERE = '000.00.01.H01';
const ELSEWHERE = '000.00.01.H46';
const here: Resource = { type: 'agency', code: HERE };

const officer = (...roles: Role[]): Actor => ({
  accountId: 'o',
  kind: 'officer',
  assuranceLevel: 2,
  roles: roles.map((role) => ({ agencyCode: HERE, role })),
});
const citizen = (ownerId = 'a'): Actor => ({
  accountId: ownerId,
  kind: 'citizen',
  assuranceLevel: 2,
  roles: [],
  ownerId,
});
const root: Actor = { accountId: 'r', kind: 'system_admin', assuranceLevel: 2, roles: [] };

const AGENCY_ACTIONS: Action[] = [
  'roles.view',
  'roles.grant',
  'roles.revoke',
  'workflows.edit',
  'agency.work',
  'payments.totals',
  'payments.view',
  'payments.settle',
  'feedback.handle',
  'ratings.view',
  'help.support',
  'monitoring.dashboard',
];

/** Who may do what at their own agency: one row per role, one letter per action above. */
const AT_AGENCY: Record<Role, string> = {
  //            roles.view grant revoke workflows work totals view settle feedback ratings help dashboard
  receiver: '    -    -    -    -    Y    Y    Y    -    Y    Y    -    -',
  processor: '   -    -    -    -    Y    Y    Y    -    Y    Y    -    -',
  approver: '    -    -    -    -    Y    Y    Y    Y    Y    Y    -    Y',
  agency_admin: 'Y    Y    Y    Y    -    Y    -    -    -    Y    -    Y',
  support: '     -    -    -    -    -    -    -    -    -    -    Y    -',
};

describe('can, at an agency', () => {
  for (const role of ROLES) {
    it(`gives a ${role} exactly their row at their agency, and nothing at another`, () => {
      const expected = AT_AGENCY[role].trim().split(/\s+/);
      const actor = officer(role);
      AGENCY_ACTIONS.forEach((action, i) => {
        expect(can(actor, action, here), `${role} ${action}`).toBe(expected[i] === 'Y');
        expect(can(actor, action, { type: 'agency', code: ELSEWHERE })).toBe(false);
      });
    });
  }

  it('gives citizens and nobody signed in nothing at any agency', () => {
    for (const action of AGENCY_ACTIONS) {
      expect(can(citizen(), action, here)).toBe(false);
      expect(can(null, action, here)).toBe(false);
    }
  });

  it('lets a system administrator act at every agency', () => {
    for (const action of AGENCY_ACTIONS) expect(can(root, action, here)).toBe(true);
    expect(agenciesWhere(root, 'payments.settle')).toBe('all');
    expect(agenciesWith(root, 'payments.settle')).toEqual([]);
  });

  it('lists the agencies where an officer may act, role by role', () => {
    const both: Actor = {
      ...officer('agency_admin'),
      roles: [
        { agencyCode: HERE, role: 'agency_admin' },
        { agencyCode: ELSEWHERE, role: 'approver' },
      ],
    };
    expect(agenciesWith(both, 'agency.work')).toEqual([ELSEWHERE]);
    expect(agenciesWith(both, 'roles.grant')).toEqual([HERE]);
    expect(agenciesWhere(both, 'payments.totals')).toEqual([HERE, ELSEWHERE]);
  });
});

describe('can, on a dossier', () => {
  const dossier: Resource = { type: 'dossier', ownerId: 'a', agencies: [HERE, null, 'OTHER'] };

  it('lets its owner see it, and not another citizen', () => {
    expect(can(citizen('a'), 'dossier.view', dossier)).toBe(true);
    expect(can(citizen('b'), 'dossier.view', dossier)).toBe(false);
  });

  it('lets the officers working at an agency in it see it, and no admin or outsider', () => {
    for (const role of ['receiver', 'processor', 'approver'] as const) {
      expect(can(officer(role), 'dossier.view', dossier), role).toBe(true);
    }
    expect(can(officer('agency_admin'), 'dossier.view', dossier)).toBe(false);
    const outsider: Actor = { ...officer(), roles: [{ agencyCode: ELSEWHERE, role: 'approver' }] };
    expect(can(outsider, 'dossier.view', dossier)).toBe(false);
    expect(can(root, 'dossier.view', dossier)).toBe(false);
    expect(can(null, 'dossier.view', dossier)).toBe(false);
  });
});

describe('can, on an obligation found by its code', () => {
  const bill: Resource = { type: 'bill', payerIdNumber: '001089012345', agencyCode: HERE };
  const holder = (idNumber?: string): Actor => ({
    ...citizen(),
    ...(idNumber ? { idNumber } : {}),
  });

  it('shows it in full to its payer only among citizens (by ID number, not by account)', () => {
    expect(can(holder('001089012345'), 'bill.view', bill)).toBe(true);
    expect(can(holder('079195023456'), 'bill.view', bill)).toBe(false);
    expect(can(holder(), 'bill.view', bill)).toBe(false);
    expect(can(null, 'bill.view', bill)).toBe(false);
  });

  it('shows it in full to who sees who paid what at the agency paid, and no one elsewhere', () => {
    for (const role of ['receiver', 'processor', 'approver'] as const) {
      expect(can(officer(role), 'bill.view', bill), role).toBe(true);
    }
    expect(can(officer('agency_admin'), 'bill.view', bill)).toBe(false);
    const outsider: Actor = { ...officer(), roles: [{ agencyCode: ELSEWHERE, role: 'approver' }] };
    expect(can(outsider, 'bill.view', bill)).toBe(false);
    expect(can(root, 'bill.view', bill)).toBe(true);
    // Being a bill's reader is no authority at its agency.
    expect(can(holder('001089012345'), 'payments.view', here)).toBe(false);
  });
});

describe('admits', () => {
  const callers: [string, Actor | null][] = [
    ['nobody', null],
    ['citizen', citizen()],
    ['officer', officer('receiver')],
    ['system_admin', root],
  ];
  /** Which callers (in the order above) each route access lets through. */
  const EXPECTED: Record<Access, string> = {
    public: 'Y Y Y Y',
    signed_in: '- Y Y Y',
    citizen: '- Y - -',
    officer: '- - Y -',
    system_admin: '- - - Y',
  };
  for (const [access, row] of Object.entries(EXPECTED) as [Access, string][]) {
    it(`lets exactly its callers through to a ${access} route`, () => {
      const expected = row.split(' ');
      callers.forEach(([name, actor], i) => {
        expect(admits(actor, access), `${access} ${name}`).toBe(expected[i] === 'Y');
      });
    });
  }
});

describe('dashboardAgencies: whose figures a leader sees', () => {
  const PPC = '000.00.00.H26';
  const DEPARTMENT = '000.00.26.H26';
  const MINISTRY = '000.00.00.G08';
  const UNDER = '000.00.08.G08';
  const WARD = '000.00.01.H99';
  const agencies = [
    { code: PPC, kindKey: 'province_people_committee', unit: 'province:26' },
    { code: DEPARTMENT, kindKey: 'province_department:justice', unit: 'province:26' },
    { code: WARD, kindKey: 'commune_people_committee', unit: 'province:99' },
    { code: MINISTRY, kindKey: 'ministry', unit: `ministry:${MINISTRY}` },
    { code: UNDER, kindKey: 'ministry_department', unit: `ministry:${MINISTRY}` },
  ];
  const leader = (code: string, role: Role): Actor => ({
    ...officer(),
    roles: [{ agencyCode: code, role }],
  });

  it('gives a province people committee’s leaders every agency of their province', () => {
    expect(dashboardAgencies(leader(PPC, 'approver'), PPC, agencies)).toEqual([PPC, DEPARTMENT]);
    expect(dashboardAgencies(leader(PPC, 'agency_admin'), PPC, agencies)).toEqual([
      PPC,
      DEPARTMENT,
    ]);
  });

  it('gives a ministry’s leaders every agency under it', () => {
    expect(dashboardAgencies(leader(MINISTRY, 'approver'), MINISTRY, agencies)).toEqual([
      MINISTRY,
      UNDER,
    ]);
  });

  it('gives any other agency’s leaders their own agency only', () => {
    expect(dashboardAgencies(leader(DEPARTMENT, 'approver'), DEPARTMENT, agencies)).toEqual([
      DEPARTMENT,
    ]);
    expect(dashboardAgencies(leader(UNDER, 'agency_admin'), UNDER, agencies)).toEqual([UNDER]);
  });

  it('refuses receivers, processors, another agency, citizens and administrators', () => {
    expect(dashboardAgencies(leader(PPC, 'receiver'), PPC, agencies)).toBeNull();
    expect(dashboardAgencies(leader(PPC, 'processor'), PPC, agencies)).toBeNull();
    expect(dashboardAgencies(leader(DEPARTMENT, 'approver'), PPC, agencies)).toBeNull();
    expect(dashboardAgencies(citizen(), PPC, agencies)).toBeNull();
    expect(dashboardAgencies(root, PPC, agencies)).toBeNull();
    expect(dashboardAgencies(null, PPC, agencies)).toBeNull();
  });
});
