import type { Database, Queryable } from '../../platform/db.js';

export const BILL_KINDS = ['tax', 'insurance', 'fine', 'electricity', 'court_fee'] as const;
export type BillKind = (typeof BILL_KINDS)[number];

/** An obligation found by its code: who owes what to which agency. */
export interface Bill {
  code: string;
  kind: BillKind;
  payerIdNumber: string;
  payerName: string;
  payeeAgencyCode: string;
  description: string;
  items: { name: string; amount: number }[];
  amount: number;
  dueDate: string | null;
  paid: boolean;
}

/**
 * The systems that issue obligations (the tax office, social insurance, the traffic police,
 * the power company, courts' enforcement offices): found by code, told when paid.
 */
export interface BillIssuer {
  find(code: string): Promise<Bill | null>;
  markPaid(tx: Queryable, code: string, at: Date): Promise<void>;
}

interface BillRow {
  code: string;
  kind: BillKind;
  payer_id_number: string;
  payer_name: string;
  payee_agency_code: string;
  description: string;
  items: { name: string; amount: number }[];
  amount: string;
  due_date: string | null;
  paid_at: Date | null;
}

/** A stand-in issuer with realistic obligations of the test identities. */
export class SandboxIssuer implements BillIssuer {
  constructor(private readonly db: Database) {}

  async find(code: string): Promise<Bill | null> {
    const [row] = await this.db.query<BillRow>(
      `SELECT code, kind, payer_id_number, payer_name, payee_agency_code, description, items,
         amount, to_char(due_date, 'YYYY-MM-DD') AS due_date, paid_at
       FROM sandbox_bills WHERE code = upper($1)`,
      [code.trim()],
    );
    if (!row) return null;
    return {
      code: row.code,
      kind: row.kind,
      payerIdNumber: row.payer_id_number,
      payerName: row.payer_name,
      payeeAgencyCode: row.payee_agency_code,
      description: row.description,
      items: row.items,
      amount: Number(row.amount),
      dueDate: row.due_date,
      paid: row.paid_at !== null,
    };
  }

  async markPaid(tx: Queryable, code: string, at: Date) {
    await tx.query('UPDATE sandbox_bills SET paid_at = $2 WHERE code = $1 AND paid_at IS NULL', [
      code,
      at,
    ]);
  }
}

/**
 * The codes the sandbox obligations had before they were drawn at random (a running number
 * let one code guess the next): a data folder made then has them renamed at its next start.
 */
const EARLIER_CODES: Record<string, string> = {
  VPHC2611000123: 'VPHC26NAVAUMF6',
  EVNHN2611004567: 'EVNHN26JC6DX2JT',
  LPTB2611007890: 'LPTB26BTAQRANG',
  BHXH2611002468: 'BHXH26BDCNJ57D',
  THADS2611001357: 'THADS26ANHZBY6V',
};

/**
 * The test identities' obligations, one of each group the national portal collects (fines,
 * taxes, insurance, electricity, court fee advances), with the amounts of real notices.
 */
export const SANDBOX_BILLS: Omit<Bill, 'paid'>[] = [
  {
    code: 'VPHC26NAVAUMF6',
    kind: 'fine',
    payerIdNumber: '001089012345',
    payerName: 'Nguyễn Văn An',
    payeeAgencyCode: '000.00.13.H01',
    description:
      'Quyết định xử phạt vi phạm hành chính số 123/QĐ-XPHC: điều khiển xe mô tô không chấp hành hiệu lệnh của đèn tín hiệu giao thông (Nghị định 168/2024/NĐ-CP)',
    items: [{ name: 'Tiền phạt vi phạm hành chính', amount: 5_000_000 }],
    amount: 5_000_000,
    dueDate: '2026-12-10',
  },
  {
    code: 'EVNHN26JC6DX2JT',
    kind: 'electricity',
    payerIdNumber: '001089012345',
    payerName: 'Nguyễn Văn An',
    payeeAgencyCode: '000.00.04.G07',
    description: 'Hóa đơn tiền điện sinh hoạt kỳ 10/2026, mã khách hàng PD01000456789',
    items: [
      { name: 'Điện năng tiêu thụ 312 kWh', amount: 812_340 },
      { name: 'Thuế GTGT 8%', amount: 64_987 },
    ],
    amount: 877_327,
    dueDate: '2026-11-30',
  },
  {
    code: 'LPTB26BTAQRANG',
    kind: 'tax',
    payerIdNumber: '079195023456',
    payerName: 'Trần Thị Bích Ngọc',
    payeeAgencyCode: '000.00.14.H79',
    description: 'Thông báo nộp lệ phí trước bạ xe máy Honda Vision, số khung RLHJF6103PY012345',
    items: [{ name: 'Lệ phí trước bạ (5%)', amount: 1_650_000 }],
    amount: 1_650_000,
    dueDate: '2026-12-05',
  },
  {
    code: 'BHXH26BDCNJ57D',
    kind: 'insurance',
    payerIdNumber: '048078034567',
    payerName: 'Lê Hoàng Phúc',
    payeeAgencyCode: '000.00.15.H48',
    description: 'Bảo hiểm y tế hộ gia đình năm 2027, mã số BHXH 4801234567 (3 thành viên)',
    items: [
      { name: 'Người thứ nhất (4,5% mức lương cơ sở × 12 tháng)', amount: 1_263_600 },
      { name: 'Người thứ hai (70% mức của người thứ nhất)', amount: 884_520 },
      { name: 'Người thứ ba (60% mức của người thứ nhất)', amount: 758_160 },
    ],
    amount: 2_906_280,
    dueDate: '2026-12-31',
  },
  {
    code: 'THADS26ANHZBY6V',
    kind: 'court_fee',
    payerIdNumber: '001089012345',
    payerName: 'Nguyễn Văn An',
    payeeAgencyCode: '000.00.03.G05',
    description: 'Tạm ứng án phí dân sự sơ thẩm, vụ án tranh chấp hợp đồng vay tài sản',
    items: [{ name: 'Tạm ứng án phí dân sự sơ thẩm', amount: 300_000 }],
    amount: 300_000,
    dueDate: '2026-12-15',
  },
];

/** A statement refused for naming a row that does not exist (foreign_key_violation). */
const isMissingReference = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';

/**
 * Puts the sandbox obligations in place where missing (run at start, like the forms), on a
 * database rather than inside a transaction: an obligation whose agency the catalog does not
 * have is left out (its foreign key refuses it), so this reads no table of the catalog's.
 */
export async function seedSandboxBills(db: Queryable): Promise<void> {
  for (const [earlier, code] of Object.entries(EARLIER_CODES)) {
    const [renamed] = await db.query(
      `UPDATE sandbox_bills SET code = $2 WHERE code = $1
         AND NOT EXISTS (SELECT 1 FROM sandbox_bills WHERE code = $2) RETURNING code`,
      [earlier, code],
    );
    if (renamed) {
      await db.query('UPDATE payment_orders SET bill_code = $2 WHERE bill_code = $1', [
        earlier,
        code,
      ]);
    }
  }
  for (const bill of SANDBOX_BILLS) {
    await db
      .query(
        `INSERT INTO sandbox_bills (code, kind, payer_id_number, payer_name, payee_agency_code,
           description, items, amount, due_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (code) DO NOTHING`,
        [
          bill.code,
          bill.kind,
          bill.payerIdNumber,
          bill.payerName,
          bill.payeeAgencyCode,
          bill.description,
          JSON.stringify(bill.items),
          bill.amount,
          bill.dueDate,
        ],
      )
      .catch((error: unknown) => {
        if (!isMissingReference(error)) throw error;
      });
  }
}
