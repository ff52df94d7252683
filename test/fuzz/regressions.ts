import { signatureHeader } from '../../src/modules/payments/signatures.js';
import type { World } from '../authorization/world.js';
import type { WireRequest } from './wire.js';

/*
 * Requests the generative tests found answered 5xx (issue 13), one of each kind, kept as
 * fixed examples: they run on every run, whatever the seed, and must stay 4xx.
 */

/** Stands for the caller's valid form token, put in when a page's post is sent. */
export const TOKEN = 'fuzz-valid-form-token';

export interface Regression {
  why: string;
  as: 'anon' | 'citizenA' | 'officer1';
  request: (w: World) => WireRequest;
}

const json = (method: string, url: string, body: string): WireRequest => ({
  method,
  url,
  headers: { accept: 'application/json', 'content-type': 'application/json' },
  body: Buffer.from(body),
});

const get = (url: string, accept = 'application/json'): WireRequest => ({
  method: 'GET',
  url,
  headers: { accept },
});

const multipart = (url: string, body: string, accept = 'application/json'): WireRequest => ({
  method: 'POST',
  url,
  headers: { accept, 'content-type': 'multipart/form-data; boundary=b0undary' },
  body: Buffer.from(body),
});

const form = (url: string, body: string): WireRequest => ({
  method: 'POST',
  url,
  headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
  body: Buffer.from(body),
});

/** A sandbox bank callback, correctly signed, of this body. */
const signed = (w: World, body: string): WireRequest => ({
  ...json('POST', '/api/v1/payments/callbacks/sandbox-bank', body),
  headers: {
    'content-type': 'application/json',
    'x-signature': signatureHeader(body, 'sandbox-bank-development-key', w.clock.now()),
  },
});

/** An inbox cursor as the server makes one ([due, id]) holding what PostgreSQL refuses. */
const cursor = (due: string, id: string) =>
  Buffer.from(JSON.stringify([due, id])).toString('base64url');

export const API_REGRESSIONS: Regression[] = [
  { why: 'NUL in a path parameter', as: 'anon', request: () => get('/api/v1/procedures/a%00b') },
  { why: 'NUL in a query value', as: 'anon', request: () => get('/api/v1/procedures?q=a%00b') },
  { why: 'bad UTF-8 in a path', as: 'anon', request: () => get('/api/v1/agencies/%C3%28') },
  { why: 'an integer written 1e309', as: 'anon', request: () => get('/api/v1/calendar/1e309') },
  {
    why: 'an integer query value written 1e309',
    as: 'anon',
    request: () => get('/api/v1/procedures?limit=1e309'),
  },
  {
    why: 'NUL (as \\u0000) in a JSON field',
    as: 'citizenA',
    request: (w) =>
      json('PATCH', `/api/v1/dossiers/${w.draft}`, '{"answers":{"documentName":"a\\u0000b"}}'),
  },
  {
    why: 'a form answer that is null',
    as: 'citizenA',
    request: (w) =>
      json('PATCH', `/api/v1/dossiers/${w.draft}`, '{"answers":{"documentName":null}}'),
  },
  {
    why: 'totals from the day 0000-01-01',
    as: 'officer1',
    request: () => get('/api/v1/payments/totals?from=0000-01-01&to=2026-11-30'),
  },
  {
    why: 'JSON nested 20,000 deep',
    as: 'citizenA',
    request: () => json('POST', '/api/v1/dossiers', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
  },
  {
    why: 'an attachment in unterminated multipart',
    as: 'citizenA',
    request: (w) =>
      multipart(
        `/api/v1/dossiers/${w.draft}/attachments`,
        '--b0undary\r\nContent-Disposition: form-data; name="field"\r\n\r\noriginal',
      ),
  },
  {
    why: 'an attachment in multipart of another boundary',
    as: 'citizenA',
    request: (w) =>
      multipart(`/api/v1/dossiers/${w.draft}/attachments`, '--other\r\n\r\nx\r\n--other--\r\n'),
  },
  {
    why: 'a signed callback whose event id holds \\u0000',
    as: 'anon',
    request: (w) =>
      signed(
        w,
        `{"eventId":"e\\u0000","reference":"${w.paidOrder.number}","outcome":"succeeded","amount":1,"currency":"VND","at":"2026-12-08T02:00:00Z"}`,
      ),
  },
  {
    why: 'a signed callback holding an unpaired surrogate',
    as: 'anon',
    request: (w) =>
      signed(
        w,
        `{"eventId":"e1","reference":"${w.paidOrder.number}","note":"\\ud800","outcome":"failed","amount":1,"currency":"VND","at":"2026-12-08T02:00:00Z"}`,
      ),
  },
  {
    why: 'an inbox cursor at an instant before PostgreSQL’s first',
    as: 'officer1',
    request: () =>
      get(
        `/api/v1/backoffice/dossiers?cursor=${cursor('-271821-04-20T00:00:00.000Z', '00000000-0000-0000-0000-000000000000')}`,
      ),
  },
  {
    why: 'an inbox cursor whose id is 36 hyphens',
    as: 'officer1',
    request: () =>
      get(
        `/api/v1/backoffice/dossiers?cursor=${cursor('2026-11-24T02:00:00.000Z', '-'.repeat(36))}`,
      ),
  },
];

export const PAGE_REGRESSIONS: Regression[] = [
  {
    why: 'a page form posted as empty multipart',
    as: 'citizenA',
    request: () => multipart('/account/sign-out-everywhere', '', 'text/html'),
  },
  {
    why: 'a page form with a name sent twice',
    as: 'officer1',
    request: (w) =>
      form(
        `/backoffice/dossiers/${w.dossier}/actions`,
        'action=request_supplement&items=a&items=b',
      ),
  },
  {
    why: 'a refund with its amount sent twice',
    as: 'officer1',
    request: (w) =>
      form(`/backoffice/payments/${w.paidOrder.id}/refunds`, `csrf=${TOKEN}&amount=1&amount=2`),
  },
  {
    why: 'a withdrawal with its reason sent twice',
    as: 'citizenA',
    request: (w) => form(`/dossiers/${w.withdrawable}/withdraw`, `csrf=${TOKEN}&reason=a&reason=b`),
  },
  {
    why: 'a new dossier’s form posted as empty multipart',
    as: 'citizenA',
    request: () => multipart('/procedures/2.001009/submit', '', 'text/html'),
  },
  {
    why: 'an address whose province is `constructor`',
    as: 'officer1',
    request: (w) =>
      form(
        '/backoffice/intake/form',
        `csrf=${TOKEN}&procedure=2.001009&agency=${w.agency1}&channel=1&applicantAddress.province=constructor&action=refresh`,
      ),
  },
  {
    why: 'an autosave posted as empty multipart',
    as: 'citizenA',
    request: (w) => multipart(`/dossiers/drafts/${w.draft}/autosave`, '', 'text/html'),
  },
  {
    why: 'a document button carrying a non-UUID',
    as: 'citizenA',
    request: () => form('/my/documents/0000-01-01/delete', `csrf=${TOKEN}`),
  },
  {
    why: 'a page address that does not decode',
    as: 'citizenA',
    request: () => form('/dossiers/%FF/withdraw', 'reason=x'),
  },
  {
    why: 'a page address with a parameter past the router’s length',
    as: 'officer1',
    request: () => form(`/backoffice/dossiers/${'9'.repeat(120)}/actions`, 'action=receive'),
  },
];
