import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';

/** How long a download link of a delivered dossier's file works. */
export const FILE_LINK_SECONDS = 600;

/** What a link lets its client download: one file of one of its deliveries. */
export interface FileLink {
  deliveryId: string;
  documentId: string;
  /** Seconds since the epoch. */
  expires: number;
}

/** A UUID as its 16 bytes, and back. */
const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) =>
  bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** Delivery (16 bytes), document (16), expiry in seconds (6), MAC (16): 72 characters. */
const TOKEN_BYTES = 54;
const MAC_BYTES = 16;

/**
 * Short-lived download links for the files of delivered dossiers: a token of the delivery,
 * the document and the expiry, with a MAC keyed by the server's secret (HMAC-SHA256, 128
 * bits kept) that covers the client the link was made for, so a link is worth nothing to
 * another client (it must call with its own access token too) nor after its time. Binary and
 * base64url, to stay short in a path.
 */
export class FileLinks {
  private readonly key: Buffer;

  constructor(
    serverSecret: string,
    private readonly clock: Clock,
    private readonly seconds = FILE_LINK_SECONDS,
  ) {
    // A key of its own, derived once: a MAC made here can be nothing else's.
    this.key = createHmac('sha256', serverSecret).update('integration file links v1').digest();
  }

  private mac(clientId: string, named: Buffer) {
    return createHmac('sha256', this.key)
      .update(uuidBytes(clientId))
      .update(named)
      .digest()
      .subarray(0, MAC_BYTES);
  }

  /** A token for one file, and when it stops working. */
  make(clientId: string, deliveryId: string, documentId: string) {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + this.seconds;
    const named = Buffer.alloc(TOKEN_BYTES - MAC_BYTES);
    uuidBytes(deliveryId).copy(named, 0);
    uuidBytes(documentId).copy(named, 16);
    named.writeUIntBE(expires, 32, 6);
    return {
      token: Buffer.concat([named, this.mac(clientId, named)]).toString('base64url'),
      expiresAt: new Date(expires * 1000),
    };
  }

  /**
   * What a token names, if it was made here for this client; `expired` when its time is over
   * (checked after the MAC, so only a genuine link is told so).
   */
  read(clientId: string, token: string): FileLink | 'expired' | null {
    if (!/^[A-Za-z0-9_-]{72}$/.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== TOKEN_BYTES) return null;
    const named = bytes.subarray(0, TOKEN_BYTES - MAC_BYTES);
    if (!timingSafeEqual(bytes.subarray(TOKEN_BYTES - MAC_BYTES), this.mac(clientId, named))) {
      return null;
    }
    const expires = named.readUIntBE(32, 6);
    if (expires * 1000 <= this.clock.now().getTime()) return 'expired';
    return {
      deliveryId: uuidOf(named.subarray(0, 16)),
      documentId: uuidOf(named.subarray(16, 32)),
      expires,
    };
  }
}
