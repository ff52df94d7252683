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
import { SandboxIssuer, seedSandboxBills } from './issuers.js';
import { OutcomeService, type PaymentListener } from './outcomes.js';
import { ProviderRegistry, type PaymentProvider } from './providers.js';
import { ReceiptService } from './receipts.js';
import { ReconciliationRepository } from './reconciliation-repository.js';
import { ReconciliationService } from './reconciliation.js';
import { RefundService } from './refunds.js';
import { PaymentRepository } from './repository.js';
import { ReceiptRepository } from './receipt-repository.js';
import { callbackRoutes } from './routes/callbacks.js';
import { officerPageRoutes } from './routes/officer-pages.js';
import { orderRoutes } from './routes/orders.js';
import { payerPageRoutes } from './routes/payer-pages.js';
import { reconciliationRoutes } from './routes/reconciliation.js';
import { refundRoutes } from './routes/refunds.js';
import { sandboxBankPageRoutes } from './routes/sandbox-bank-pages.js';
import type { PaymentsRouteDeps } from './routes/shared.js';
import { SandboxBank } from './sandbox-bank.js';
import { PaymentService } from './service.js';
import { VietQrProvider } from './vietqr-provider.js';

export type { PaymentService } from './service.js';
export type { PaymentListener, PaymentSucceeded } from './outcomes.js';

/** The providers configured here (the sandbox bank only where the stand-ins run). */
function configuredProviders(db: Database, clock: Clock, config: Config) {
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
  return { providers, sandboxBank, vietQr };
}

function paymentJobs(
  outcomes: OutcomeService,
  reconciliation: ReconciliationService,
  receipts: ReceiptService,
): JobDefinition[] {
  return [
    // Every minute: open orders past their time expire.
    { name: 'payments-expire', cron: '* * * * *', run: () => outcomes.expireDue() },
    // Every morning at 01:00 (Vietnam): yesterday against each provider's report.
    {
      name: 'payments-reconcile',
      cron: '0 1 * * *',
      run: () => reconciliation.reconcileYesterday(),
    },
    // Every minute: receipts a restart kept from the payer's store.
    { name: 'payments-receipts', cron: '* * * * *', run: () => receipts.storeMissing() },
  ];
}

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
  const { providers, sandboxBank, vietQr } = configuredProviders(db, clock, config);
  const repository = new PaymentRepository(db);
  const issuer = new SandboxIssuer(db);
  const { catalog, fees } = deps;
  const service = new PaymentService(db, clock, {
    repository,
    providers,
    issuer,
    catalog,
    fees,
    publicUrl: config.PUBLIC_URL,
    ttlMinutes: config.PAYMENT_ORDER_TTL_MINUTES,
  });
  const receipts = new ReceiptService(db, clock, {
    ...deps,
    repository,
    receipts: new ReceiptRepository(db),
  });
  const outcomes = new OutcomeService(db, clock, { repository, providers, issuer, fees, receipts });
  const refunds = new RefundService(db, clock, { repository, providers });
  const reconciliation = new ReconciliationService(clock, {
    repository: new ReconciliationRepository(db),
    orders: repository,
    providers,
    outcomes,
    catalog,
  });
  const jobs = paymentJobs(outcomes, reconciliation, receipts);
  const routeDeps: PaymentsRouteDeps = {
    orders: service,
    outcomes,
    refunds,
    receipts,
    reconciliation,
    identity: deps.identity,
    catalog,
    providers,
    sandboxBank,
    vietQr,
  };
  return {
    service,
    outcomes,
    refunds,
    receipts,
    reconciliation,
    providers,
    sandboxBank,
    vietQr,
    jobs,
    /** Tells `listener` of every payment that succeeded, once committed (webhooks out). */
    onSucceeded: (listener: PaymentListener) => outcomes.onSucceeded(listener),
    /** The sandbox issuer's obligations, where the development stand-ins run. */
    async seed(): Promise<string | null> {
      if (developmentStandIns(config)) await seedSandboxBills(db);
      return null;
    },
    /** Each group of routes is a plugin of its own (its parsers stay its own). */
    routes(app: App) {
      // A receipt being filed is written before the database closes.
      app.addHook('onClose', () => receipts.settled());
      void app.register(orderRoutes, routeDeps);
      void app.register(refundRoutes, routeDeps);
      void app.register(reconciliationRoutes, routeDeps);
      void app.register(callbackRoutes, routeDeps);
      void app.register(payerPageRoutes, routeDeps);
      void app.register(officerPageRoutes, { deps: routeDeps, clock });
      if (sandboxBank) void app.register(sandboxBankPageRoutes, { bank: sandboxBank });
    },
  };
}
