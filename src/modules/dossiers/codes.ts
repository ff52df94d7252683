/** The national dossier status codes (internal step 0 is a draft not yet submitted). */
export const STATUS = {
  draft: 0,
  submitted: 1,
  received: 2,
  refused: 3,
  processing: 4,
  supplementRequested: 5,
  paymentRequested: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
} as const;
