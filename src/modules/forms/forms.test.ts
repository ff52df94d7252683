import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/helpers.js';
import type { Condition, FormDefinition, Section } from './definition.js';
import { FORM_DEFINITIONS } from './definitions.js';
import { isDocumentType } from './document-types.js';
import {
  allFields,
  checkForm,
  checkSection,
  conditionHolds,
  isPersonalId,
  readSectionInput,
  visibleAnswers,
} from './rules.js';
import { FormService } from './service.js';

const context = { today: '2026-11-24' };
const problemsOf = (section: Section, answers: Record<string, unknown>) =>
  checkSection(section, answers as never, context).map((p) => `${p.path}:${p.problem}`);

const section: Section = {
  id: 's',
  title: { vi: 'Mục', en: 'Section' },
  fields: [
    {
      id: 'kind',
      type: 'choice',
      label: { vi: 'Loại', en: 'Kind' },
      required: true,
      options: [
        { value: 'a', label: { vi: 'A', en: 'A' } },
        { value: 'b', label: { vi: 'B', en: 'B' } },
      ],
    },
    { id: 'married', type: 'checkbox', label: { vi: 'Kết hôn', en: 'Married' } },
    {
      id: 'spouse',
      type: 'text',
      label: { vi: 'Vợ/chồng', en: 'Spouse' },
      showWhen: {
        any: [
          { field: 'kind', equals: 'b' },
          { field: 'married', equals: true },
        ],
      },
      requiredWhen: {
        all: [
          { field: 'kind', equals: 'b' },
          { field: 'married', equals: true },
        ],
      },
    },
    { id: 'amount', type: 'money', label: { vi: 'Số tiền', en: 'Amount' }, min: 1 },
    { id: 'born', type: 'date', label: { vi: 'Ngày sinh', en: 'Born' }, notAfterToday: true },
    { id: 'id', type: 'personalId', label: { vi: 'Số định danh', en: 'ID' } },
    { id: 'ent', type: 'enterpriseCode', label: { vi: 'Mã số DN', en: 'Code' } },
    { id: 'phone', type: 'phone', label: { vi: 'Điện thoại', en: 'Phone' } },
    { id: 'email', type: 'email', label: { vi: 'Thư', en: 'Email' } },
    { id: 'home', type: 'address', label: { vi: 'Địa chỉ', en: 'Address' } },
    {
      id: 'rows',
      type: 'group',
      label: { vi: 'Bảng', en: 'Rows' },
      itemLabel: { vi: 'Dòng', en: 'Row' },
      minItems: 1,
      maxItems: 2,
      fields: [
        {
          id: 'name',
          type: 'text',
          label: { vi: 'Tên', en: 'Name' },
          required: true,
          maxLength: 5,
        },
      ],
    },
    {
      id: 'oath',
      type: 'declaration',
      label: { vi: 'Cam đoan', en: 'Oath' },
      text: { vi: 'x', en: 'x' },
    },
  ],
};

describe('conditions', () => {
  it('combine with AND and OR, and test values, lists and filled answers', () => {
    const answers = { kind: 'b', married: false, note: '' };
    const c = (condition: Condition) => conditionHolds(condition, answers);
    expect(c({ field: 'kind', equals: 'b' })).toBe(true);
    expect(c({ field: 'kind', in: ['a', 'c'] })).toBe(false);
    expect(c({ field: 'note', filled: false })).toBe(true);
    expect(c({ field: 'married', filled: true })).toBe(false);
    expect(
      c({
        all: [
          { field: 'kind', equals: 'b' },
          { field: 'married', equals: true },
        ],
      }),
    ).toBe(false);
    expect(
      c({
        any: [
          { field: 'kind', equals: 'b' },
          { field: 'married', equals: true },
        ],
      }),
    ).toBe(true);
  });

  it('show and require fields depending on earlier answers', () => {
    expect(problemsOf(section, { kind: 'a', rows: [{ name: 'A' }], oath: true })).toEqual([]);
    // Shown (OR) but not required (AND): fine when empty.
    expect(problemsOf(section, { kind: 'b', rows: [{ name: 'A' }], oath: true })).toEqual([]);
    expect(
      problemsOf(section, { kind: 'b', married: true, rows: [{ name: 'A' }], oath: true }),
    ).toEqual(['spouse:required']);
    // A hidden field's answer is neither checked nor submitted.
    const hidden = { kind: 'a', spouse: 'x'.repeat(500), rows: [{ name: 'A' }], oath: true };
    expect(problemsOf(section, hidden)).toEqual([]);
    const form: FormDefinition = { procedureCode: 'x', procedureVersion: 1, sections: [section] };
    expect(visibleAnswers(form, hidden as never)).not.toHaveProperty('spouse');
  });
});

describe('field rules', () => {
  it('check every type and report each problem at its path', () => {
    expect(
      problemsOf(section, {
        kind: 'z',
        amount: 0,
        born: '2026-02-30',
        id: '999999999999',
        ent: '12345',
        phone: '0123',
        email: 'a@b',
        home: { province: '01', commune: '', street: 'x' },
        rows: [{ name: 'toolong' }, { name: '' }, { name: 'c' }],
        oath: false,
      }),
    ).toEqual([
      'kind:unknownOption',
      'amount:tooSmall',
      'born:badDate',
      'id:badPersonalId',
      'ent:badEnterpriseCode',
      'phone:badPhone',
      'email:badEmail',
      'home:badAddress',
      'rows:tooManyItems',
      'rows.0.name:tooLong',
      'rows.1.name:required',
      'oath:mustDeclare',
    ]);
    expect(problemsOf(section, { rows: [{ name: 'A' }], oath: true })).toEqual(['kind:notChosen']);
    expect(problemsOf(section, { kind: 'a', born: '2026-11-25', rows: [], oath: true })).toEqual([
      'born:dateInFuture',
      'rows:tooFewItems',
    ]);
  });

  it('know personal ID numbers by the province of birth registration', () => {
    expect(isPersonalId('001089012345')).toBe(true);
    expect(isPersonalId('079195023456')).toBe(true);
    expect(isPersonalId('003089012345')).toBe(false);
    expect(isPersonalId('00108901234')).toBe(false);
  });

  it('keep verified identity values unchanged', () => {
    const form: FormDefinition = {
      procedureCode: 'x',
      procedureVersion: 1,
      sections: [
        {
          id: 's',
          title: { vi: 'a', en: 'a' },
          fields: [{ id: 'name', type: 'text', label: { vi: 'Tên', en: 'Name' }, prefill: 'name' }],
        },
      ],
    };
    const locked = { name: 'Nguyễn Văn An' };
    expect(checkForm(form, { name: 'Nguyễn Văn An' }, { ...context, locked })).toEqual([]);
    expect(checkForm(form, { name: 'Someone' }, { ...context, locked })[0]?.problem).toBe(
      'verifiedChanged',
    );
  });
});

describe('reading form input', () => {
  it('turns browser fields into typed answers', () => {
    const answers = readSectionInput(section, {
      kind: 'a',
      amount: '1.500.000 ₫',
      phone: '0912 345 678',
      'home.province': '01',
      'home.commune': '00004',
      'home.street': ' Số 1 ',
      'rows.0.name': 'An',
      'rows.1.name': 'Bình',
      oath: 'on',
    });
    expect(answers).toMatchObject({
      kind: 'a',
      married: false,
      amount: 1_500_000,
      phone: '0912345678',
      home: { province: '01', commune: '00004', street: 'Số 1' },
      rows: [{ name: 'An' }, { name: 'Bình' }],
      oath: true,
    });
  });
});

describe('the seeded forms', () => {
  it('are well formed: unique ids, known document types, conditions on earlier fields', () => {
    expect(FORM_DEFINITIONS).toHaveLength(10);
    for (const form of FORM_DEFINITIONS) {
      const ids = allFields(form).map((f) => f.id);
      expect(new Set(ids).size, form.procedureCode).toBe(ids.length);
      const seen = new Set<string>();
      for (const field of allFields(form)) {
        if (field.type === 'attachment') expect(isDocumentType(field.documentType)).toBe(true);
        const refs =
          JSON.stringify([field.showWhen, field.requiredWhen]).match(/"field":"(\w+)"/g) ?? [];
        for (const ref of refs)
          expect(seen, `${form.procedureCode} ${field.id}`).toContain(ref.slice(9, -1));
        seen.add(field.id);
      }
      expect(form.sections.at(-1)?.fields.some((f) => f.type === 'declaration')).toBe(true);
    }
  });

  it('are stored per procedure version and found for later versions', async () => {
    const { db } = await openTestDatabase();
    const forms = new FormService(db);
    expect(await forms.proceduresWithForms()).toHaveLength(10);
    expect((await forms.formFor('1.001193', 3))?.procedureVersion).toBe(1);
    expect(await forms.formFor('1.013126', 1)).toBeNull();
    expect(await forms.seed()).toBe(0);
  });

  it('are not seeded for a procedure the catalog does not have', async () => {
    const { db } = await openTestDatabase();
    const forms = new FormService(db);
    const form = { ...FORM_DEFINITIONS[0]!, procedureCode: '9.999999', procedureVersion: 1 };
    expect(await forms.seed([form])).toBe(0);
    expect(await forms.proceduresWithForms()).not.toContain('9.999999');
  });
});
