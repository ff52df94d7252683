import { LRUCache } from 'lru-cache';
import type { Database } from '../../platform/db.js';
import type { FormDefinition } from './definition.js';
import { FORM_DEFINITIONS } from './definitions.js';

/**
 * How long a form read is used again. Forms are added by the seed before the portal serves
 * and otherwise changed only by an administrator in the database, which this bounds.
 */
const REMEMBER_FORM_MS = 60_000;

export class FormService {
  /** Forms read lately, by procedure and version: every draft, autosave and submission asks. */
  private readonly forms = new LRUCache<string, FormDefinition>({
    max: 2_000,
    ttl: REMEMBER_FORM_MS,
  });

  constructor(private readonly db: Database) {}

  /** The form for a procedure's version: the newest one made for that version or before. */
  async formFor(procedureCode: string, procedureVersion: number): Promise<FormDefinition | null> {
    const key = `${procedureCode}\n${procedureVersion}`;
    const remembered = this.forms.get(key);
    if (remembered) return remembered;
    const [row] = await this.db.query<{ definition: FormDefinition }>(
      `SELECT definition FROM form_definitions
       WHERE procedure_code = $1 AND procedure_version <= $2
       ORDER BY procedure_version DESC LIMIT 1`,
      [procedureCode, procedureVersion],
    );
    // None is not remembered: a made-up code must not push real forms out.
    if (row) this.forms.set(key, row.definition);
    return row?.definition ?? null;
  }

  /** Procedure codes that can be filed online through a form. */
  async proceduresWithForms(): Promise<string[]> {
    const rows = await this.db.query<{ procedure_code: string }>(
      'SELECT DISTINCT procedure_code FROM form_definitions ORDER BY procedure_code',
    );
    return rows.map((r) => r.procedure_code);
  }

  /**
   * Adds the built-in forms whose procedures exist and that are not there yet; forms an
   * administrator changed in the database are left as they are. Safe to run at every start.
   * Whether a procedure exists is the catalog's to know: the foreign key to it refuses a
   * form for a procedure the catalog does not have, and that form is skipped.
   */
  async seed(definitions: FormDefinition[] = FORM_DEFINITIONS): Promise<number> {
    let added = 0;
    for (const form of definitions) {
      const rows = await this.db
        .query(
          `INSERT INTO form_definitions (procedure_code, procedure_version, definition)
           VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING RETURNING procedure_code`,
          [form.procedureCode, form.procedureVersion, JSON.stringify(form)],
        )
        .catch((error: unknown) => {
          if (isForeignKeyViolation(error)) return [];
          throw error;
        });
      added += rows.length;
    }
    return added;
  }
}

const isForeignKeyViolation = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';
