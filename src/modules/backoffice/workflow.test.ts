import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW, validateWorkflow } from './workflow.js';

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
