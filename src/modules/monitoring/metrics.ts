/**
 * The figures the index is computed from (docs/monitoring.md). Counted metrics are added up
 * per agency, procedure, channel and day as facts change; service metrics count the
 * (agency, procedure) pairs with at least one of a counted metric in a period; catalog
 * metrics are read from the published catalog when a score is asked for.
 */
export const COUNTED_METRICS = [
  'received',
  'received_online',
  'digitisation_known',
  'received_digitised',
  'reuse_known',
  'reused',
  'recorded_known',
  'recorded_on_time',
  'synced',
  'fee_dossiers',
  'fee_paid_online',
  'resolved',
  'resolved_early',
  'resolved_on_time',
  'resolved_late',
  'handling_seconds',
  'allowed_seconds',
  'time_ratio_milli',
  'result_electronic',
  'rated',
  'rating_points_milli',
  'feedback_answered',
  'feedback_answered_on_time',
] as const;
export type CountedMetric = (typeof COUNTED_METRICS)[number];

/** A service metric counts the pairs whose counted metric is above zero in the period. */
export const SERVICE_METRICS = {
  services_used_online: 'received_online',
  services_with_fees: 'fee_dossiers',
  services_paid_online: 'fee_paid_online',
} as const satisfies Record<string, CountedMetric>;
export type ServiceMetric = keyof typeof SERVICE_METRICS;

/** Counted metrics whose per-service figures are kept (those service metrics are made of). */
export const PRESENCE_METRICS: readonly CountedMetric[] = Object.values(SERVICE_METRICS);

export const CATALOG_METRICS = [
  'catalog_procedures',
  'catalog_published_on_time',
  'catalog_complete',
  'catalog_online',
  'catalog_online_services',
] as const;
export type CatalogMetric = (typeof CATALOG_METRICS)[number];

export type Metric = CountedMetric | ServiceMetric | CatalogMetric;

export const ALL_METRICS: readonly Metric[] = [
  ...COUNTED_METRICS,
  ...(Object.keys(SERVICE_METRICS) as ServiceMetric[]),
  ...CATALOG_METRICS,
];

/** Figures by metric; a metric never counted is 0. */
export type Figures = Partial<Record<Metric, number>>;
