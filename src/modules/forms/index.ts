/**
 * Forms: online forms as data per procedure version (docs/adr/0005-forms-as-data.md). What
 * other modules may use of forms is exported here, and only from here
 * (docs/adr/0007-module-boundaries.md). Forms sits below identity and the dossier: it
 * imports no module.
 */
import { fileURLToPath } from 'node:url';

export type {
  AnswerValue,
  Answers,
  AttachmentField,
  Field,
  FormDefinition,
  PrefillSource,
  ScalarValue,
  Section,
  Text,
} from './definition.js';

export {
  allFields,
  checkFields,
  checkForm,
  EMAIL,
  ENTERPRISE_CODE,
  fieldDomId,
  isMissing,
  isPersonalId,
  isVisible,
  maskPersonalId,
  PHONE,
  placeCodes,
  PROBLEMS,
  readSectionInput,
  visibleAnswers,
} from './rules.js';
export type { FieldProblem, RawInput } from './rules.js';

export { DOCUMENT_TYPES, isDocumentType } from './document-types.js';

export { FormField } from './fields.js';
export { displayValue } from './display-value.js';
export type { FieldEnvironment, Place } from './field-environment.js';

export { FORM_DEFINITIONS } from './definitions.js';
export { FormService } from './service.js';

/**
 * The entry of the browser script that runs the same rules in the page (served as
 * /assets/forms.js, bundled at start).
 */
export const FORMS_BROWSER_ENTRY = fileURLToPath(new URL('./browser.ts', import.meta.url));
