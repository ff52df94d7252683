import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { FileStore } from '../../platform/files.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { Config } from '../../config.js';
import { developmentStandIns } from '../../config.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierFees, DossierRecords } from '../dossiers/index.js';
import type { IdentityService } from '../identity/index.js';
import { SandboxIssuer } from './issuers.js';
import { paymentPageRoutes } from './pages.js';
import { ProviderRegistry, type PaymentProvider } from './providers.js';
import { paymentRoutes } from './routes.js';
import { SandboxBank } from './sandbox-bank.js';
import { PaymentService } from './service.js';
import { ReconciliationService } from './reconciliation.js';
import { VietQrProvider } from './vietqr-provider.js';

export type { PaymentService, OrderRow } from './service.js';
export type { ReconciliationService } from './reconciliation.js';

/** Payments: orders for fees and obligations, providers, callbacks, refunds and receipts. */
export function createPaymentsModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: {
    catalog: CatalogService;
    identity: IdentityService;
    files: FileStore;
    fees: DossierFees;
    records: DossierRecords;
  },
) {
  const enabled = new Set(config.PAYMENT_PROVIDERS.split(','));
  // The sandbox bank moves no real money: only where the development stand-ins run.
  const sandboxBank =
    enabled.has('sandbox-bank') && developmentStandIns(config)
      ? new SandboxBank(db, clock, {
          publicUrl: config.PUBLIC_URL,
          keys: config.SANDBOX_BANK_KEYS.split(',').map((k) => k.trim()),
          lateCallbackMs: config.SANDBOX_BANK_LATE_CALLBACK_MS,
        })
      : undefined;
  const vietQr = enabled.has('vietqr')
    ? new VietQrProvider(db, {
        bankBin: config.VIETQR_BANK_BIN,
        account: config.VIETQR_ACCOUNT,
        holder: config.VIETQR_ACCOUNT_NAME,
      })
    : undefined;
  const providers = new ProviderRegistry(
    db,
    [sandboxBank, vietQr].filter((p): p is NonNullable<typeof p> =>
      Boolean(p),
    ) as PaymentProvider[],
  );
  const service = new PaymentService(db, clock, {
    providers,
    issuer: new SandboxIssuer(db),
    catalog: deps.catalog,
    files: deps.files,
    publicUrl: config.PUBLIC_URL,
    ttlMinutes: config.PAYMENT_ORDER_TTL_MINUTES,
    fees: deps.fees,
    records: deps.records,
  });
  const reconciliation = new ReconciliationService(db, clock, { providers, payments: service });
  const jobs: JobDefinition[] = [
    // Every minute: open orders past their time expire.
    { name: 'payments-expire', cron: '* * * * *', run: () => service.expireDue() },
    // Every morning at 01:00 (Vietnam): yesterday against each provider's report.
    {
      name: 'payments-reconcile',
      cron: '0 1 * * *',
      run: () => reconciliation.reconcileYesterday(),
    },
    // Every minute: receipts a restart kept from the payer's store.
    { name: 'payments-receipts', cron: '* * * * *', run: () => service.storeMissingReceipts() },
  ];
  return {
    service,
    reconciliation,
    providers,
    sandboxBank,
    vietQr,
    jobs,
    routes(app: App) {
      paymentRoutes(app, service, reconciliation, deps.identity);
      paymentPageRoutes(app, service, {
        ...deps,
        providers,
        sandboxBank,
        vietQr,
        reconciliation,
      });
    },
  };
}
