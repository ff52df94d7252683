import { describe, expect, it } from 'vitest';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { DEFAULT_WORKFLOW, validateWorkflow } from './workflow.js';
import {
  act,
  agency,
  approver,
  base,
  call,
  db,
  modules,
  NOW,
  receiver,
  startBackoffice,
  submitted,
  type Problem,
  type State,
} from './testing.js';

startBackoffice();

describe('workflows', () => {
  it('accepts the default and refuses a workflow that cannot end in a result', () => {
    expect(validateWorkflow(DEFAULT_WORKFLOW)).toEqual([]);
    expect(validateWorkflow([])).toEqual([{ field: 'steps', messageKey: 'workflow.error.count' }]);
    const fields = validateWorkflow([
      { code: 'review', name: { vi: 'Thẩm định', en: 'Review' }, role: 'processor' },
      { code: 'review', name: { vi: ' ', en: 'Again' }, role: 'processor' },
      { code: 'Bad code', name: { vi: 'Ký', en: 'Sign' }, role: 'leader' as 'approver' },
    ]).map((p) => `${p.field} ${p.messageKey}`);
    expect(fields).toEqual([
      'steps.1.code workflow.error.code',
      'steps.1.name errors.field.required',
      'steps.2.code workflow.error.code',
      'steps.2.role workflow.error.role',
      'steps.2.role workflow.error.last',
    ]);
  });
});

describe('processing steps per procedure', () => {
  interface Workflow {
    source: string;
    resolved: { code: string; agencyCode: string; department: { vi: string } | null }[];
  }
  const path = (procedure: string, agencyCode: string) =>
    `/api/v1/backoffice/workflows/${procedure}?agency=${encodeURIComponent(agencyCode)}`;
  const steps = [
    {
      code: 'review',
      name: { vi: 'Công chức văn hóa – xã hội thẩm định', en: 'Review' },
      role: 'processor',
      department: { vi: 'Bộ phận Văn hóa – Xã hội', en: 'Culture and society unit' },
    },
    {
      code: 'police_check',
      name: { vi: 'Công an xã xác minh nhân thân', en: 'Identity check by the police' },
      role: 'processor',
      agency: { kind: 'commune_police' },
    },
    { code: 'approval', name: { vi: 'Chủ tịch UBND ký', en: 'Chair signs' }, role: 'approver' },
  ];

  const put = (cookie: string, body: unknown) =>
    call<Workflow & Problem>(cookie, 'PUT', '/api/v1/backoffice/workflows/2.001009', body);
  const agencyAdmin = async () =>
    sessionCookie(db, await officerWithRoles(db, 'Vũ Thị Hà', agency, ['agency_admin']), NOW);

  it('are configured by the agency’s administrator, checked, and resolved to agencies', async () => {
    const shown = await call<Workflow>(receiver, 'GET', path('2.001009', agency));
    expect(shown.body.source).toBe('default');
    expect(shown.body.resolved.map((s) => [s.code, s.agencyCode])).toEqual([
      ['review', agency],
      ['approval', agency],
    ]);
    // The national workflow seeded for the judicial record sends it to the provincial police.
    const seeded = await call<Workflow>(receiver, 'GET', path('2.000505', agency));
    expect(seeded.status).toBe(200);
    expect(seeded.body.source).toBe('national');
    expect(seeded.body.resolved.map((s) => s.agencyCode)).toEqual([
      agency,
      '000.00.13.H01',
      agency,
    ]);

    const admin = await agencyAdmin();
    expect((await put(receiver, { agencyCode: agency, steps })).status).toBe(403);
    const invalid = await put(admin, {
      agencyCode: agency,
      steps: [steps[0], { ...steps[1], code: 'review', agency: { kind: 'ministry' } }],
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors?.map((e) => e.field)).toEqual(['steps.1.code', 'steps.1.role']);
    const unknownAgency = await put(admin, {
      agencyCode: agency,
      steps: [{ ...steps[1], agency: { code: '999.99.99.X99' } }, steps[2]],
    });
    expect(unknownAgency.body.errors?.map((e) => e.field)).toEqual(['steps.0.agency']);

    const saved = await put(admin, { agencyCode: agency, steps });
    expect(saved.status).toBe(200);
    const [police] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    expect(saved.body.resolved.map((s) => s.agencyCode)).toEqual([agency, police!.code, agency]);
    expect((await call<Workflow>(receiver, 'GET', path('2.001009', agency))).body.source).toBe(
      'agency',
    );
    const [audited] = await db.query<{ after: { code: string }[] }>(
      `SELECT after FROM audit_log WHERE action = 'workflow.save' AND resource_id = $1`,
      [`2.001009@${agency}`],
    );
    expect(audited?.after.map((s) => s.code)).toEqual(['review', 'police_check', 'approval']);
  });

  it('forward a dossier between departments and agencies, each acting at its own step', async () => {
    const [police] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    const policeOfficer = await sessionCookie(
      db,
      await officerWithRoles(db, 'Đỗ Văn Hùng', police!.code, ['processor']),
      NOW,
    );
    // The agency's own workflow applies to its dossiers from their forwarding on.
    const code = await submitted();
    expect((await put(await agencyAdmin(), { agencyCode: agency, steps })).status).toBe(200);
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect([state.status, state.step]).toEqual([4, 'review']);
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect(state).toMatchObject({ step: 'police_check', handlingAgencyCode: police!.code });

    // Now the police hold it: it is in their inbox, not the commune's, and only they act.
    const inboxOf = async (cookie: string) =>
      (await call<{ items: State[] }>(cookie, 'GET', '/api/v1/backoffice/dossiers')).body.items.map(
        (d) => d.code,
      );
    expect(await inboxOf(policeOfficer)).toContain(code);
    expect(await inboxOf(receiver)).not.toContain(code);
    expect((await act(receiver, code, { action: 'forward', version: state.version })).status).toBe(
      403,
    );
    const atPolice = await call<State & { actions: string[] }>(
      policeOfficer,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(atPolice.body.actions).toEqual([
      'request_supplement',
      'forward',
      'request_payment',
      'send_back',
    ]);
    const back = await act(policeOfficer, code, {
      action: 'send_back',
      version: state.version,
      reason: 'Thiếu ảnh chân dung',
    });
    expect(back.body).toMatchObject({ step: 'review', handlingAgencyCode: agency });
    state = (await act(receiver, code, { action: 'forward', version: back.body.version })).body;
    state = (await act(policeOfficer, code, { action: 'forward', version: state.version })).body;
    expect(state).toMatchObject({ step: 'approval', handlingAgencyCode: agency });
    state = (await act(approver, code, { action: 'approve', version: state.version })).body;
    expect(state).toMatchObject({ status: 9, handlingAgencyCode: agency });

    // Having had a step, the police still see the dossier (read only).
    const seen = await call<State & { actions: string[] }>(
      policeOfficer,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual([]);
    const history = (
      await call<{
        history: { action: string; details: { step?: string; agencyCode?: string } }[];
      }>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)
    ).body.history;
    expect(history.filter((e) => e.action === 'forward').map((e) => e.details)).toEqual([
      { step: 'review' },
      { step: 'police_check', agencyCode: police!.code },
      { step: 'police_check', agencyCode: police!.code },
      { step: 'approval', agencyCode: agency },
    ]);
  });

  it('sends no dossier to a step nobody holds, and shows the ward any left stranded there', async () => {
    const [police] = await db.query<{ code: string }>(
      `SELECT code FROM agencies WHERE commune_code = '00004' AND kind = 'commune_police'`,
    );
    await db.query('DELETE FROM role_grants WHERE agency_code = $1', [police!.code]);
    expect((await put(await agencyAdmin(), { agencyCode: agency, steps })).status).toBe(200);
    const code = await submitted();
    let state = (await call<State>(receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)).body;
    state = (await act(receiver, code, { action: 'receive', version: state.version })).body;
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect(state.step).toBe('review');

    // Nobody at the ward police holds the processor's role: the dossier stays, and why is said.
    const refused = await act(receiver, code, { action: 'forward', version: state.version });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'no_officer_for_step',
      current: { step: 'review' },
    });
    const detail = await call<State & { actions: string[]; blocked: { action: string }[] }>(
      receiver,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(detail.body.actions).not.toContain('forward');
    expect(detail.body.blocked).toEqual([
      expect.objectContaining({ action: 'forward', code: 'no_officer_for_step' }),
    ]);
    const page = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
      headers: { cookie: receiver },
    });
    expect(await page.text()).toContain(
      'Chưa thể chuyển hồ sơ tới bước “Công an xã xác minh nhân thân” (Công an phường Ba Đình)',
    );

    // Once someone there has the role it goes; if the role is then taken away, the ward's
    // officers and leader see the dossier stranded.
    const policeOfficer = await officerWithRoles(db, 'Đinh Công Minh', police!.code, ['processor']);
    state = (await act(receiver, code, { action: 'forward', version: state.version })).body;
    expect(state).toMatchObject({ step: 'police_check', handlingAgencyCode: police!.code });
    const strandedOf = async (cookie: string) =>
      (
        await call<{ items: State[]; stranded: number }>(
          cookie,
          'GET',
          '/api/v1/backoffice/dossiers?due=stranded',
        )
      ).body;
    expect((await strandedOf(approver)).items).toEqual([]);
    await db.query('DELETE FROM role_grants WHERE account_id = $1', [policeOfficer]);
    const stranded = await strandedOf(approver);
    expect(stranded.items.map((d) => d.code)).toEqual([code]);
    expect(stranded.stranded).toBe(1);
    const inbox = await fetch(`${base}/backoffice`, { headers: { cookie: approver } });
    expect(await inbox.text()).toContain(
      '1 hồ sơ đang ở một bước mà chưa cán bộ nào được phân quyền xử lý',
    );
  });

  it('are seeded as national workflows for the procedures of the catalog, where missing', async () => {
    await db.query(
      `DELETE FROM processing_workflows WHERE procedure_code = '2.000505' AND agency_code IS NULL`,
    );
    const before = await call<Workflow>(receiver, 'GET', path('2.000505', agency));
    expect(before.body.source).toBe('default');
    await modules.backoffice.seed();
    await modules.backoffice.seed();
    const after = await call<Workflow>(receiver, 'GET', path('2.000505', agency));
    expect(after.body.source).toBe('national');
    expect(after.body.resolved.map((s) => s.agencyCode)).toEqual([agency, '000.00.13.H01', agency]);
  });
});
