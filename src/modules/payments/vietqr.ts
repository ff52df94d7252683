/**
 * VietQR bank-transfer codes: the EMVCo merchant-presented QR format as NAPAS profiles it
 * (consumer-to-account transfer, GUID A000000727), with the amount and the payment code as
 * the transfer's purpose so the bank statement can be matched back to the order.
 */

/** One EMVCo data object: two-digit id, two-digit length, value. */
const tlv = (id: string, value: string) => {
  if (value.length > 99) throw new Error(`EMVCo field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
};

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as four upper-case hex digits. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

const NAPAS_GUID = 'A000000727';
/** NAPAS 247 transfer to an account (QRIBFTTC would be to a card). */
const TO_ACCOUNT = 'QRIBFTTA';

export interface VietQrTransfer {
  /** The receiving bank's six-digit BIN (e.g. 970436 Vietcombank). */
  bankBin: string;
  account: string;
  /** Whole đồng. */
  amount: number;
  /** The transfer's content: the payment code, ASCII, at most 25 characters. */
  purpose: string;
}

/** The text a VietQR image encodes, for one transfer of a fixed amount. */
export function vietQrPayload(transfer: VietQrTransfer): string {
  if (!/^\d{6}$/.test(transfer.bankBin)) throw new Error('bank BIN must be 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(transfer.account)) throw new Error('invalid account number');
  if (!Number.isSafeInteger(transfer.amount) || transfer.amount <= 0) {
    throw new Error('amount must be a positive whole number of đồng');
  }
  if (!/^[\x20-\x7e]{1,25}$/.test(transfer.purpose)) throw new Error('purpose must be ASCII');
  const beneficiary = tlv('00', transfer.bankBin) + tlv('01', transfer.account);
  const body =
    tlv('00', '01') +
    // 12: dynamic (one amount, one payment), not a reusable static code.
    tlv('01', '12') +
    tlv('38', tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', TO_ACCOUNT)) +
    tlv('53', '704') +
    tlv('54', String(transfer.amount)) +
    tlv('58', 'VN') +
    tlv('62', tlv('08', transfer.purpose)) +
    '6304';
  return body + crc16(body);
}
