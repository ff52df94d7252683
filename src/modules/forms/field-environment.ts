import type { AnswerValue } from './definition.js';

/** A province or commune, as address fields list them. */
export interface Place {
  code: string;
  name: string;
  nameEn: string;
}

export interface StoredFile {
  documentId: string;
  fileName: string;
  size: number;
}

/** What fields need besides their own answer: places, files, errors and limits. */
export interface FieldEnvironment {
  answers: Record<string, AnswerValue>;
  errors: Record<string, string>;
  provinces: Place[];
  /** Communes of each province an address on the page has chosen. */
  communes: Record<string, Place[]>;
  /** Fields whose value the identity provider verified: shown, not editable. */
  locked: Set<string>;
  attached: Record<string, StoredFile[]>;
  /** Documents in the person's store, by document type, to pick instead of uploading. */
  store: Record<string, (StoredFile & { createdAt: Date })[]>;
  maxFileMb: number;
}
