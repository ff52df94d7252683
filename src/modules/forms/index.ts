/**
 * Forms: online forms as data per procedure version (docs/adr/0005-forms-as-data.md). What
 * other modules may use of forms is exported here, and only from here
 * (docs/adr/0007-module-boundaries.md). Forms sits below identity and the dossier: it
 * imports no module.
 */
import { fileURLToPath } from 'node:url';

export type {
  AddressValue,
  AnswerValue,
  Answers,
  AttachmentField,
  Condition,
  DeclarationField,
  Field,
  FormDefinition,
  GroupField,
  Option,
  PrefillSource,
  ScalarField,
  ScalarValue,
  Section,
  Text,
} from './definition.js';
export { DEFAULT_MAX_FILES, MAX_GROUP_ITEMS } from './definition.js';

export {
  allFields,
  checkFields,
  checkForm,
  checkSection,
  conditionHolds,
  DEFAULT_TEXT_LENGTH,
  DEFAULT_TEXTAREA_LENGTH,
  EMAIL,
  ENTERPRISE_CODE,
  fieldDomId,
  isMissing,
  isPersonalId,
  isRequired,
  isValidDate,
  isVisible,
  maskPersonalId,
  MAX_MONEY,
  PHONE,
  placeCodes,
  PROBLEMS,
  readSectionInput,
  visibleAnswers,
} from './rules.js';
export type { FieldProblem, Problem, RawInput, RuleContext } from './rules.js';

export { DOCUMENT_TYPES, isDocumentType } from './document-types.js';
export type { DocumentType } from './document-types.js';

export { displayValue, FormField } from './fields.js';
export type { FieldEnvironment, Place, StoredFile } from './fields.js';

export { FORM_DEFINITIONS } from './definitions.js';
export { FormService } from './service.js';

/**
 * The entry of the browser script that runs the same rules in the page (served as
 * /assets/forms.js, bundled at start).
 */
export const FORMS_BROWSER_ENTRY = fileURLToPath(new URL('./browser.ts', import.meta.url));
