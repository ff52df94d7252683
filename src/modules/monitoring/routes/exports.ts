import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localName, localText, type MessageKey } from '../../../platform/i18n/index.js';
import type { PlaceFigures, Ranking } from './figures.js';
import type { GroupView, PlaceView } from './view.js';

/**
 * The downloads: the ranking, and a place's criteria and agencies, as CSV (UTF-8 with a byte
 * order mark, which Excel needs to read Vietnamese right) and as an Excel workbook (a sheet a
 * table, numbers as numbers). Headers and names are in the reader's language; codes and
 * numbers are the API's, so a download can be checked against it.
 */
export type Format = 'csv' | 'xlsx';
type Cell = string | number | null;

export interface Table {
  sheet: string;
  header: string[];
  rows: Cell[][];
}

const BOM = '\uFEFF';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function words(request: FastifyRequest) {
  const { locale } = request;
  return {
    t: (key: MessageKey, params?: Record<string, string | number>) => request.t(key, params),
    text: (value: { vi: string; en: string }) => localText(locale, value),
    name: (named: { name: string; nameEn: string }) => localName(locale, named),
  };
}

/** A group's points, or nothing when none of its criteria had figures (never a false 0). */
const groupPoints = (group: GroupView): Cell => (group.availablePoints > 0 ? group.points : null);

/** Rank, code, name, each group's points, the totals, the score and its rating. */
function placeRows(
  request: FastifyRequest,
  groups: GroupView[],
  places: (PlaceView & { rank: number | null })[],
): Pick<Table, 'header' | 'rows'> {
  const { t, text, name } = words(request);
  return {
    header: [
      t('statistics.rank'),
      t('statistics.column.code'),
      t('statistics.column.name'),
      ...groups.map((group) =>
        t('statistics.column.groupPoints', { group: text(group.name), max: group.maxPoints }),
      ),
      t('statistics.totalPoints'),
      t('statistics.availablePoints'),
      t('statistics.score'),
      t('statistics.rating'),
    ],
    rows: places.map((place) => [
      place.rank,
      place.code,
      name(place),
      ...place.groups.map(groupPoints),
      place.points,
      place.availablePoints,
      place.score,
      place.rating ? text(place.rating.name) : null,
    ]),
  };
}

export function rankingTables(request: FastifyRequest, ranking: Ranking): Table[] {
  return [
    {
      sheet: request.t('statistics.sheet.ranking'),
      ...placeRows(request, ranking.nation.groups, ranking.places),
    },
  ];
}

/** Each criterion with the numbers behind it, then the place's agencies ranked. */
export function placeTables(request: FastifyRequest, figures: PlaceFigures): Table[] {
  const { t, text } = words(request);
  const criteria: Table = {
    sheet: t('statistics.sheet.criteria'),
    header: [
      t('statistics.column.groupCode'),
      t('statistics.group'),
      t('statistics.column.code'),
      t('statistics.criterion'),
      t('statistics.column.valuePercent'),
      t('statistics.points'),
      t('statistics.column.maxPoints'),
      t('statistics.column.numerator'),
      t('statistics.column.denominator'),
      t('statistics.column.missing'),
      t('statistics.source'),
    ],
    rows: figures.place.groups.flatMap((group) =>
      group.criteria.map((c) => [
        group.code,
        text(group.name),
        c.code,
        text(c.name),
        c.value === null ? null : Math.round(c.value * 10_000) / 100,
        c.points,
        c.maxPoints,
        c.numerator === null ? null : c.numerator / c.scale,
        c.denominator,
        c.missing === 'unavailable'
          ? t('statistics.missing.unavailable', { reason: c.reason ? text(c.reason) : '' })
          : c.missing === 'no_data'
            ? t('statistics.missing.no_data')
            : null,
        text(c.source),
      ]),
    ),
  };
  const agencies: Table = {
    sheet: t('statistics.sheet.agencies'),
    ...placeRows(request, figures.place.groups, figures.agencies),
  };
  return [criteria, agencies];
}

/** The tables one after the other, a blank line between, each with its header row. */
export function toCsv(tables: Table[]): string {
  const blocks = tables.map((table) => stringify([table.header, ...table.rows]));
  return BOM + blocks.join('\r\n');
}

export async function toXlsx(tables: Table[]): Promise<Buffer> {
  // Loaded with the first download, not with every start (it takes 0.3 s to load).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow(table.header).font = { bold: true };
    // Empty cells stay empty: "no data" is not 0.
    for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? undefined));
    sheet.columns.forEach((column, i) => {
      const longest = Math.max(
        ...[table.header[i] ?? '', ...table.rows.map((row) => String(row[i] ?? ''))].map(
          (value) => value.length,
        ),
      );
      column.width = Math.min(Math.max(longest + 2, 8), 60);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends the tables as an attachment named `<fileName>.csv` or `.xlsx`. */
export async function sendTables(
  reply: FastifyReply,
  format: Format,
  fileName: string,
  tables: Table[],
) {
  const safe = fileName.replace(/[^0-9A-Za-z._-]/g, '-');
  reply.header('content-disposition', `attachment; filename="${safe}.${format}"`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(tables));
  return reply.type(XLSX_TYPE).send(await toXlsx(tables));
}
