import type { Database } from '../../platform/db.js';
import { hashPassword } from './local-sign-in.js';

/**
 * Officer accounts for trying the portal locally, created only where the identity-provider
 * simulator runs (never in production): the README lists them.
 */
const DEMO_PASSWORD = 'MotCua@2026';
export const DEMO_OFFICERS = [
  {
    email: 'quantri.tuphap@hanoi.example.vn',
    name: 'Lê Thu Trang',
    agencyCode: '000.00.01.H01',
    roles: ['agency_admin'],
  },
  {
    email: 'canbo.tuphap@hanoi.example.vn',
    name: 'Phạm Minh Châu',
    agencyCode: '000.00.01.H01',
    roles: ['receiver', 'processor'],
  },
  {
    email: 'lanhdao.tuphap@hanoi.example.vn',
    name: 'Nguyễn Quốc Hưng',
    agencyCode: '000.00.01.H01',
    roles: ['approver'],
  },
  {
    // The judicial record's seeded workflow sends it to the city police for verification.
    email: 'canbo.congan@hanoi.example.vn',
    name: 'Đặng Văn Tùng',
    agencyCode: '000.00.13.H01',
    roles: ['processor'],
  },
  {
    email: 'canbo.phuongbadinh@hanoi.example.vn',
    name: 'Trần Văn Khoa',
    agencyCode: '001.00.50.H01',
    roles: ['receiver', 'processor', 'approver'],
  },
  {
    // Birth registration's seeded workflow sends it to the ward police for the child's ID.
    email: 'canbo.conganbadinh@hanoi.example.vn',
    name: 'Hoàng Minh Đức',
    agencyCode: '001.00.51.H01',
    roles: ['processor'],
  },
  {
    // The national help desk: hotline, tickets and the knowledge base.
    email: 'hotro@vpcp.example.vn',
    name: 'Vũ Thị Mai',
    agencyCode: '000.00.00.G17',
    roles: ['support'],
  },
] as const;

/**
 * Creates the demo officers missing from the database (an older data folder gets the ones
 * added since) with their roles; answers whether anything was created.
 */
export async function seedDemoOfficers(db: Database): Promise<boolean> {
  const existing = await db.query<{ email: string }>(
    `SELECT email FROM accounts WHERE email = ANY($1::text[])`,
    [DEMO_OFFICERS.map((o) => o.email)],
  );
  const missing = DEMO_OFFICERS.filter((o) => !existing.some((e) => e.email === o.email));
  if (missing.length === 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const officer of missing) {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO accounts (kind, name, email, password_hash) VALUES ('officer', $1, $2, $3)
         RETURNING id`,
        [officer.name, officer.email, passwordHash],
      );
      for (const role of officer.roles) {
        await tx.query(
          `INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, $3)`,
          [row?.id, officer.agencyCode, role],
        );
      }
    }
  });
  return true;
}
