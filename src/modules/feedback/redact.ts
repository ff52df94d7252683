/**
 * Personal data taken out of a question or an answer before it is published: what keeps
 * people's data off the public pages. Pure: text in, text out.
 */

/**
 * What replaces each piece removed. Not a message: the pages show it in the reader's
 * language ("[đã ẩn]", "[hidden]"), the API gives it as it is.
 */
export const REDACTED = '[redacted]';

/** What is known of the sender (and anyone else the item names), removed wherever written. */
export interface PersonalData {
  names?: readonly (string | null | undefined)[];
  idNumbers?: readonly (string | null | undefined)[];
  phones?: readonly (string | null | undefined)[];
  emails?: readonly (string | null | undefined)[];
  addresses?: readonly (string | null | undefined)[];
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** A dossier's code (`<agency>-<yyMMdd>-<number>`): with an ID number it opens the lookup. */
const DOSSIER_CODE = /(?<![\p{L}\p{N}])[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*-\d{6}-\d{4,}(?!\p{N})/gu;
/** A licence plate: "29A-123.45", "30E 12345", "51F1-234.56", "29-B1 123.45". */
const PLATE =
  /(?<![\p{L}\p{N}])\d{2}(?:[A-Z]{1,2}\d?|-[A-Z]\d)[- .]?\d{3}\.?\d{1,2}(?![\p{L}\p{N}])/gu;
/**
 * A run of digits, spaces, dots and dashes, perhaps after +84: checked as a whole below
 * (a phone number or an ID number, however grouped).
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])(?:\+\s?)?\d(?:[ .-]?\d)+(?![\p{L}\p{N}])/gu;
/** "150.000.000 đồng": an amount, grouped by thousands, not a number to hide. */
const AMOUNT = /^[1-9]\d{0,2}(?:\.\d{3})+$/;
const CURRENCY_AFTER = /^\s*(?:đ|đồng|vnđ|vnd)(?![\p{L}\p{N}])/iu;

/** Whether a run of digits is a phone number (Vietnamese) or an ID number (9 or 12 digits). */
function isPersonalNumber(run: string): boolean {
  const digits = run.replace(/\D/g, '');
  // Any number written with its country code is a phone number.
  if (run.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  const local = /^84[35789]\d{8}$/.test(digits) ? `0${digits.slice(2)}` : digits;
  const phone = /^0[35789]\d{8}$/.test(local) || /^02\d{9}$/.test(local);
  return phone || local.length === 9 || local.length === 12;
}

/**
 * A run of digit groups with personal numbers in it, those replaced: the whole run, or else
 * the longest window of whole groups from each place ("0912345678 2 lần" keeps its "2").
 */
function redactDigitRun(run: string, after: string): string {
  if (AMOUNT.test(run) && CURRENCY_AFTER.test(after)) return run;
  if (isPersonalNumber(run)) return REDACTED;
  // Groups with what precedes each: the separator, or a leading "+".
  const groups = run.match(/(?:^\+\s?|[ .-])?\d+/g) ?? [];
  let result = '';
  for (let i = 0; i < groups.length;) {
    let end = -1;
    for (let j = groups.length; j > i; j--) {
      const window = groups.slice(i, j).join('');
      if (isPersonalNumber(window.replace(/^[ .-]/, ''))) {
        end = j;
        break;
      }
    }
    if (end < 0) {
      result += groups[i++];
      continue;
    }
    result += `${/^[ .-]/.exec(groups[i]!)?.[0] ?? ''}${REDACTED}`;
    i = end;
  }
  return result;
}

/**
 * Each UTF-16 unit folded on its own (lower case, no diacritics, đ → d), so that a place
 * in the folded text is the same place in the text.
 */
function foldUnits(text: string): string {
  let folded = '';
  for (const unit of text) {
    const plain = unit
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
    folded += plain.length === unit.length ? plain : unit;
  }
  return folded;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes `phrase` wherever written, whatever its case and diacritics, as whole words,
 * however spaced: "Nguyễn Văn An" also as "nguyen  van an".
 */
function removePhrase(text: string, phrase: string): string {
  const words = foldUnits(phrase.normalize('NFC')).split(/\s+/).filter(Boolean);
  if (words.length === 0) return text;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join('[\\s,]+')}(?![\\p{L}\\p{N}])`,
    'gu',
  );
  const folded = foldUnits(text);
  let result = '';
  let from = 0;
  for (const match of folded.matchAll(pattern)) {
    result += text.slice(from, match.index) + REDACTED;
    from = match.index + match[0].length;
  }
  return result + text.slice(from);
}

/** A number given (an ID, a phone), however its digits are grouped in the text. */
function removeNumber(text: string, number: string): string {
  const digits = number.replace(/\D/g, '');
  // A passport number's letters make it a phrase of its own; so does a number too short to
  // be told apart from others by its digits.
  if (/\p{L}/u.test(number) || digits.length < 6) return removePhrase(text, number);
  return text.replace(new RegExp(`(?<!\\d)${[...digits].join('[ .-]?')}(?!\\d)`, 'g'), REDACTED);
}

/** A name without its family name ("Văn An" of "Nguyễn Văn An"), when that is two words. */
function givenNames(name: string): string[] {
  const words = name.trim().split(/\s+/);
  return words.length >= 3 ? [words.slice(1).join(' ')] : [];
}

const present = (values: readonly (string | null | undefined)[] | undefined) =>
  (values ?? []).filter((value): value is string => !!value && value.trim().length > 1);

/**
 * The text with personal data replaced by `REDACTED`: first what is known (names, ID and
 * phone numbers, emails, addresses given), then whatever looks like it by its pattern (an
 * email, a Vietnamese phone number, a 9- or 12-digit ID number, a dossier code, a licence
 * plate). Longer known phrases go first, so that a name inside an address goes with it.
 */
export function redact(text: string, known: PersonalData = {}): string {
  let result = text.normalize('NFC');
  const phrases = [
    ...present(known.addresses),
    ...present(known.emails),
    ...present(known.names),
    ...present(known.names).flatMap(givenNames),
  ].sort((a, b) => b.length - a.length);
  for (const phrase of phrases) result = removePhrase(result, phrase);
  for (const number of [...present(known.idNumbers), ...present(known.phones)]) {
    result = removeNumber(result, number);
  }
  result = result.replace(EMAIL, REDACTED).replace(DOSSIER_CODE, REDACTED).replace(PLATE, REDACTED);
  return result.replace(DIGIT_RUN, (run, at: number, whole: string) =>
    redactDigitRun(run, whole.slice(at + run.length)),
  );
}
