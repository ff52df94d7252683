import { formatDate, formatMoney } from '../../platform/i18n/index.js';
import type { AddressValue, AnswerValue, Field, Text } from './definition.js';
import type { Place } from './field-environment.js';
import { maskPersonalId } from './rules.js';

/** A shown value, as text: for locked fields and the check-your-answers page. */
export function displayValue(
  field: Field,
  value: AnswerValue | undefined,
  text: (t: Text) => string,
  places: Map<string, Place>,
  words: { yes: string; no: string; none: string },
): string {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return words.none;
  }
  switch (field.type) {
    case 'choice':
      return text(
        field.options.find((o) => o.value === value)?.label ?? {
          vi: String(value),
          en: String(value),
        },
      );
    case 'checkbox':
    case 'declaration':
      return value === true ? words.yes : words.no;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDate(value)
        : String(value);
    case 'personalId':
      // ID numbers are never shown whole outside the field that takes them.
      return maskPersonalId(String(value));
    case 'money':
      return typeof value === 'number' ? formatMoney('vi', value) : String(value);
    case 'address':
      return addressText(value as AddressValue, text, places);
    default:
      return String(value);
  }
}

/** Street, commune, province: the places by their names in the reader's language. */
function addressText(a: AddressValue, text: (t: Text) => string, places: Map<string, Place>) {
  const name = (code: string) => {
    const place = places.get(code);
    return place ? text({ vi: place.name, en: place.nameEn }) : code;
  };
  return [a.street, a.commune ? name(a.commune) : '', a.province ? name(a.province) : '']
    .filter(Boolean)
    .join(', ');
}
