import type { Level, ServiceLevel, Target } from './repository.js';
import { FlatLists, Interned, Postings, smallest } from './search-postings.js';
import { nameEntries, SearchNames } from './search-names.js';
import { ShownRows, type ProcedureListRow, type ShownColumns } from './search-rows.js';

/**
 * One procedure in force as the index reads it (search-repository.ts `indexRows`): what it
 * is searched by, and what a results page shows of it.
 */
export interface SearchIndexRow extends ShownColumns {
  code: string;
  /** Its place among all codes (1, 2, …): the last tie-break, as the database sorts codes. */
  code_rank: number;
  popular: boolean;
  /** `YYYY-MM-DD`, or null when it was never annulled. */
  annulled_from: string | null;
  /** Space-separated lists (none of their values holds a space), as `targets`. */
  agency_codes: string;
  agency_kinds: string;
  /** Every lexeme of the record, space-separated. */
  words: string;
  /** The lexemes of what it is called: its name and keywords (weights A and B). */
  named_words: string;
  /** The name's tsvector as text (`'lai':3 'xe':4`): its lexemes with their positions. */
  name_document: string;
}

export interface ProcedureFilter {
  /** Words to match, already folded and spelt as the catalog spells them. */
  words: string[];
  /** A procedure code given as the query. */
  code?: string;
  field?: string;
  level?: Level;
  target?: Target;
  serviceLevel?: ServiceLevel;
  agency?: { code: string; kindKey: string };
  /** The codes of one province's agencies: local procedures, or one of those implements. */
  provinceAgencies?: ReadonlySet<string>;
  /**
   * Procedures annulled by this day are left out, unless the query is their code or every
   * word of it is in what they are called (name or keywords).
   */
  today: string;
}

export interface Facets {
  field: Record<string, number>;
  level: Record<string, number>;
  serviceLevel: Record<string, number>;
  target: Record<string, number>;
}

export interface IndexPage {
  total: number;
  /** The page's procedures in order. */
  page: { code: string; annulled: boolean; row: ProcedureListRow }[];
  facets: Facets | null;
}

/** Sort keys pack the ranking into one number: the code's rank in the low bits. */
const CODE_RANKS = 2 ** 24;
const NAME_LENGTHS = 4096;
const NOT_ANNULLED = 2 ** 31 - 1;

const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const listOf = (text: string) => (text === '' ? [] : text.split(' '));

/**
 * The catalog's search documents in memory, for one generation of the catalog: what every
 * search matches, filters, ranks and counts, so the database is asked only for the page's
 * rows. Documents are numbered in browsing order (most-used first, then by name), so a
 * search without words finds them already in order.
 */
export class SearchIndex {
  readonly size: number;
  private readonly codes: string[];
  private readonly byCode = new Map<string, number>();
  private readonly lexicon = new Interned();
  /** For each lexeme, the documents holding it anywhere in the record. */
  private readonly postings: Postings;
  /** For each lexeme, the documents whose name or keywords hold it. */
  private readonly namedPostings: Postings;
  /** The names' lexemes: which names hold every word, which the words side by side. */
  private readonly names: SearchNames;
  /** What a results page shows of each document. */
  private readonly shown: ShownRows;
  /** How many distinct lexemes each name has (`length(name_document)`). */
  private readonly nameLength: Uint16Array;
  private readonly codeRank: Uint32Array;
  private readonly byCodeRank: Uint32Array;
  private readonly popular: Uint8Array;
  private readonly annulledDay: Int32Array;
  private readonly fields = new Interned();
  private readonly field: Uint16Array;
  private readonly levels = new Interned();
  private readonly level: Uint8Array;
  private readonly serviceLevels = new Interned();
  private readonly serviceLevel: Uint8Array;
  private readonly targetValues = new Interned();
  /** A bit per target value. */
  private readonly targets: Uint32Array;
  private readonly agencyValues = new Interned();
  private readonly agencyCodes: { start: Uint32Array; items: Uint32Array };
  private readonly agencyKinds: { start: Uint32Array; items: Uint32Array };

  /**
   * `denseFrom`: how many documents make a lexeme common enough for a bitset (by default
   * `DENSE_SHARE` of them; tests set it to try both kinds of postings).
   */
  constructor(rows: SearchIndexRow[], denseFrom?: number) {
    const n = rows.length;
    this.size = n;
    this.codes = rows.map((row) => row.code);
    this.codeRank = new Uint32Array(n);
    this.byCodeRank = new Uint32Array(n);
    this.popular = new Uint8Array(n);
    this.nameLength = new Uint16Array(n);
    this.annulledDay = new Int32Array(n);
    this.field = new Uint16Array(n);
    this.level = new Uint8Array(n);
    this.serviceLevel = new Uint8Array(n);
    this.targets = new Uint32Array(n);
    const [words, named, nameWords, nameLexemes, codes, kinds] = [
      new FlatLists(),
      new FlatLists(),
      new FlatLists(),
      new FlatLists(),
      new FlatLists(),
      new FlatLists(),
    ];
    const positions: number[] = [];
    // Ranks are made dense: the database numbers all codes, the index holds those in force.
    const ranked = rows.map((row, doc) => ({ rank: row.code_rank, doc }));
    ranked.sort((a, b) => a.rank - b.rank);
    ranked.forEach(({ doc }, rank) => {
      this.codeRank[doc] = rank;
      this.byCodeRank[rank] = doc;
    });
    rows.forEach((row, doc) => {
      this.byCode.set(row.code, doc);
      this.popular[doc] = row.popular ? 1 : 0;
      this.annulledDay[doc] = row.annulled_from ? dayNumber(row.annulled_from) : NOT_ANNULLED;
      this.field[doc] = this.fields.id(row.field_code);
      this.level[doc] = this.levels.id(row.level);
      this.serviceLevel[doc] = this.serviceLevels.id(row.service_level);
      for (const target of listOf(row.targets)) {
        const bit = this.targetValues.id(target);
        if (bit >= 32) throw new Error('more than 32 targets');
        this.targets[doc]! |= 1 << bit;
      }
      for (const [list, text] of [
        [words, row.words],
        [named, row.named_words],
        [codes, row.agency_codes],
        [kinds, row.agency_kinds],
      ] as const) {
        const values = list === words || list === named ? this.lexicon : this.agencyValues;
        for (const value of listOf(text)) list.push(values.id(value));
        list.end();
      }
      const entries = nameEntries(row.name_document, (lexeme) => this.lexicon.id(lexeme));
      for (const [position, lexeme] of entries) {
        nameLexemes.push(lexeme);
        positions.push(position);
      }
      const distinct = new Set(entries.map(([, lexeme]) => lexeme));
      for (const lexeme of distinct) nameWords.push(lexeme);
      this.nameLength[doc] = distinct.size;
      nameLexemes.end();
      nameWords.end();
    });
    this.postings = new Postings(words.done(), this.lexicon.values.length, denseFrom);
    this.namedPostings = new Postings(named.done(), this.lexicon.values.length, denseFrom);
    this.names = new SearchNames(
      { ...nameLexemes.done(), positions: Uint16Array.from(positions) },
      nameWords.done(),
      this.lexicon.values.length,
      denseFrom,
    );
    this.agencyCodes = codes.done();
    this.agencyKinds = kinds.done();
    this.shown = new ShownRows(rows);
  }

  /** Bytes held in typed arrays and buffers (the lexicon's and codes' strings come on top). */
  get arrayBytes(): number {
    const postings = [this.postings, this.namedPostings, this.names, this.shown];
    return [
      this.agencyCodes.start,
      this.agencyCodes.items,
      this.agencyKinds.start,
      this.agencyKinds.items,
      this.nameLength,
      this.codeRank,
      this.byCodeRank,
      this.popular,
      this.annulledDay,
      this.field,
      this.level,
      this.serviceLevel,
      this.targets,
      ...postings,
    ].reduce((sum, array) => sum + array.byteLength, 0);
  }

  private listHolds(lists: { start: Uint32Array; items: Uint32Array }, doc: number, id: number) {
    for (let at = lists.start[doc]!; at < lists.start[doc + 1]!; at++) {
      if (lists.items[at] === id) return true;
    }
    return false;
  }

  /** Whether a document passes the filters other than words and annulment. */
  private filtered(filter: ProcedureFilter): (doc: number) => boolean {
    const id = (values: Interned, value: string | undefined) =>
      value === undefined ? undefined : (values.ids.get(value) ?? -1);
    const field = id(this.fields, filter.field);
    const level = id(this.levels, filter.level);
    const serviceLevel = id(this.serviceLevels, filter.serviceLevel);
    const target = id(this.targetValues, filter.target);
    const agency = filter.agency && {
      code: id(this.agencyValues, filter.agency.code)!,
      kind: id(this.agencyValues, filter.agency.kindKey)!,
    };
    const local = filter.provinceAgencies && {
      codes: new Set(
        [...filter.provinceAgencies].flatMap((code) => this.agencyValues.ids.get(code) ?? []),
      ),
    };
    const { agencyCodes, agencyKinds } = this;
    return (doc) =>
      (field === undefined || this.field[doc] === field) &&
      (level === undefined || this.level[doc] === level) &&
      (serviceLevel === undefined || this.serviceLevel[doc] === serviceLevel) &&
      (target === undefined || (target >= 0 && (this.targets[doc]! & (1 << target)) !== 0)) &&
      (!agency ||
        this.listHolds(agencyCodes, doc, agency.code) ||
        this.listHolds(agencyKinds, doc, agency.kind)) &&
      (!local ||
        agencyKinds.start[doc + 1]! > agencyKinds.start[doc]! ||
        agencyCodes.items
          .subarray(agencyCodes.start[doc], agencyCodes.start[doc + 1])
          .some((code) => local.codes.has(code)));
  }

  private facetsOf(matches: ArrayLike<number>): Facets {
    const counts = [this.fields, this.levels, this.serviceLevels, this.targetValues].map(
      (values) => new Uint32Array(values.values.length),
    ) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    for (let i = 0; i < matches.length; i++) {
      const doc = matches[i]!;
      counts[0][this.field[doc]!]! += 1;
      counts[1][this.level[doc]!]! += 1;
      counts[2][this.serviceLevel[doc]!]! += 1;
      for (let bits = this.targets[doc]!, bit = 0; bits !== 0; bits >>>= 1, bit++) {
        if (bits & 1) counts[3][bit]! += 1;
      }
    }
    const record = (values: Interned, count: Uint32Array) =>
      Object.fromEntries(
        values.values.flatMap((value, i) => (count[i] ? [[value, count[i]]] : [])),
      );
    return {
      field: record(this.fields, counts[0]),
      level: record(this.levels, counts[1]),
      serviceLevel: record(this.serviceLevels, counts[2]),
      target: record(this.targetValues, counts[3]),
    };
  }

  /**
   * The matches of a filter: how many, the page asked for in order, and (with `facets`) how
   * many share each value of each filter. Every word must be in the record; annulled
   * procedures only when the query is their code or every word is in what they are called,
   * after those in force. With words: names holding every word first, then the most-used,
   * names holding the words side by side, shorter names (fewer distinct words), the code.
   * Without: the most-used, then by name.
   */
  search(filter: ProcedureFilter, page: { limit: number; offset: number }, facets: boolean) {
    const lexemes = filter.words.map((word) => this.lexicon.ids.get(word) ?? -1);
    const byWords = lexemes.length > 0 && filter.code === undefined;
    const today = dayNumber(filter.today);
    const found = this.matching(filter, byWords ? lexemes : [], today);
    // Without words the documents come in browsing order already: only with words is there
    // a ranking to sort by.
    const pageDocs =
      byWords && found.length > 0
        ? this.ranked(found, lexemes, today, page)
        : [...found.subarray(page.offset, page.offset + page.limit)];
    const result: IndexPage = {
      total: found.length,
      page: pageDocs.map((doc) => ({
        code: this.codes[doc]!,
        annulled: this.annulledDay[doc]! <= today,
        row: this.shown.row(doc, this.codes[doc]!),
      })),
      facets: facets ? this.facetsOf(found) : null,
    };
    return result;
  }

  /**
   * The documents passing the filter, ascending: those holding every word, or the code's,
   * or all; annulled ones only by their code or when what they are called holds every word.
   */
  private matching(filter: ProcedureFilter, lexemes: number[], today: number): Uint32Array {
    const passes = this.filtered(filter);
    const candidates = this.candidates(filter, lexemes);
    const count = candidates ? candidates.length : this.size;
    // The candidates are the index's own copy: the matches are kept in their place.
    const matches = candidates ?? new Uint32Array(this.size);
    let total = 0;
    for (let i = 0; i < count; i++) {
      const doc = candidates ? candidates[i]! : i;
      if (!passes(doc)) continue;
      if (filter.code === undefined && this.annulledDay[doc]! <= today && !this.named(doc, lexemes))
        continue;
      matches[total++] = doc;
    }
    return matches.subarray(0, total);
  }

  /** The documents holding every word, or the code's; null for all of them. */
  private candidates(filter: ProcedureFilter, lexemes: number[]): Uint32Array | null {
    if (filter.code !== undefined) {
      const coded = this.byCode.get(filter.code);
      return Uint32Array.from(coded === undefined ? [] : [coded]);
    }
    if (lexemes.length === 0) return null;
    return lexemes.includes(-1) ? new Uint32Array(0) : this.postings.intersect(lexemes);
  }

  /** Whether what a document is called (name or keywords) holds every one of `lexemes`. */
  private named(doc: number, lexemes: number[]): boolean {
    return lexemes.length > 0 && lexemes.every((lexeme) => this.namedPostings.holds(lexeme, doc));
  }

  /** The page of the matches in the ranking's order (`rankKey`): only its keys are sorted. */
  private ranked(
    found: Uint32Array,
    lexemes: number[],
    today: number,
    page: { limit: number; offset: number },
  ): number[] {
    // Both ascending, walked alongside the matches.
    const inName = this.names.holdingAll(lexemes);
    const sideBySide = lexemes.length < 2 ? inName : this.names.sideBySide(lexemes);
    const keys = new Float64Array(found.length);
    for (let i = 0, a = 0, b = 0; i < found.length; i++) {
      const doc = found[i]!;
      while (a < inName.length && inName[a]! < doc) a++;
      while (b < sideBySide.length && sideBySide[b]! < doc) b++;
      const gone = this.annulledDay[doc]! <= today;
      keys[i] = this.rankKey(doc, inName[a] === doc, sideBySide[b] === doc, gone);
    }
    return [...smallest(keys, page.offset + page.limit).subarray(page.offset)].map(
      (key) => this.byCodeRank[key % CODE_RANKS]!,
    );
  }

  /**
   * One number that sorts as the ranking: annulled last; names holding every word, the
   * most-used, names holding the words side by side, shorter names, then the code.
   */
  private rankKey(doc: number, inName: boolean, sideBySide: boolean, gone: boolean): number {
    let key = gone ? 1 : 0;
    key = key * 2 + (inName ? 0 : 1);
    key = key * 2 + (this.popular[doc] ? 0 : 1);
    key = key * 2 + (sideBySide ? 0 : 1);
    key = key * NAME_LENGTHS + Math.min(this.nameLength[doc]!, NAME_LENGTHS - 1);
    return key * CODE_RANKS + this.codeRank[doc]!;
  }
}
