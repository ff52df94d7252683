/**
 * What a results page shows of each procedure, kept with the search index of its
 * generation (search-index.ts), so that a search reads nothing from the database.
 */
import type { AgencyRefJson, Level, ServiceLevel, Target } from './repository.js';
import { Interned } from './search-postings.js';

/** A procedure of a results page. */
export interface ProcedureListRow {
  code: string;
  name: string;
  name_en: string;
  level: Level;
  field_code: string;
  field_name: string;
  field_name_en: string;
  service_level: ServiceLevel;
  targets: Target[];
  implementing: AgencyRefJson[];
}

/** The columns a page shows, as search-repository.ts reads them with the index's rows. */
export type ShownColumns = Omit<ProcedureListRow, 'code' | 'targets' | 'implementing'> & {
  /** Space-separated, in the record's order. */
  targets: string;
  /** The implementing agencies' references, as JSON. */
  implementing: string;
};

/**
 * Strings kept as UTF-8 in one buffer: a Vietnamese name takes a byte a letter or two
 * there, against two a letter and a header as a string of its own.
 */
export class Utf8Texts {
  private readonly starts: Uint32Array;
  private readonly bytes: Buffer;

  constructor(texts: readonly string[]) {
    this.starts = new Uint32Array(texts.length + 1);
    texts.forEach((text, i) => (this.starts[i + 1] = this.starts[i]! + Buffer.byteLength(text)));
    this.bytes = Buffer.allocUnsafe(this.starts[texts.length]!);
    texts.forEach((text, i) => this.bytes.write(text, this.starts[i]!));
  }

  at(i: number): string {
    return this.bytes.toString('utf8', this.starts[i], this.starts[i + 1]);
  }

  get byteLength(): number {
    return this.starts.byteLength + this.bytes.byteLength;
  }
}

/** The columns other than names, each document's values numbered among their distinct ones. */
const VALUES = ['level', 'field_code', 'service_level', 'targets', 'implementing'] as const;

/**
 * Each procedure's row for a results page: the names (some 9 MB at 100,000 procedures), and
 * the few distinct values of the other columns once each. What the page shows is then of
 * the same generation as what the index matched and ranked.
 */
export class ShownRows {
  private readonly names: Utf8Texts;
  private readonly namesEn: Utf8Texts;
  private readonly values = new Interned();
  /** For each document, its value of each of `VALUES`, one after the other. */
  private readonly columns: Uint32Array;
  private readonly fieldNames = new Map<string, { name: string; name_en: string }>();

  constructor(rows: readonly ShownColumns[]) {
    this.names = new Utf8Texts(rows.map((row) => row.name));
    this.namesEn = new Utf8Texts(rows.map((row) => row.name_en));
    this.columns = new Uint32Array(rows.length * VALUES.length);
    rows.forEach((row, doc) => {
      VALUES.forEach((column, i) => {
        this.columns[doc * VALUES.length + i] = this.values.id(row[column]);
      });
      if (!this.fieldNames.has(row.field_code)) {
        this.fieldNames.set(row.field_code, { name: row.field_name, name_en: row.field_name_en });
      }
    });
  }

  get byteLength(): number {
    return this.names.byteLength + this.namesEn.byteLength + this.columns.byteLength;
  }

  /** A document's row, as a results page shows it (a new object: the caller's to keep). */
  row(doc: number, code: string): ProcedureListRow {
    const value = (column: number) =>
      this.values.values[this.columns[doc * VALUES.length + column]!]!;
    const [level, fieldCode, serviceLevel, targets, implementing] = VALUES.map((_, i) => value(i));
    const field = this.fieldNames.get(fieldCode!)!;
    return {
      code,
      name: this.names.at(doc),
      name_en: this.namesEn.at(doc),
      level: level as Level,
      field_code: fieldCode!,
      field_name: field.name,
      field_name_en: field.name_en,
      service_level: serviceLevel as ServiceLevel,
      targets: (targets === '' ? [] : targets!.split(' ')) as Target[],
      implementing: JSON.parse(implementing!) as AgencyRefJson[],
    };
  }
}
