/**
 * One-time tokens (Nomad 1.1+, spec §4.8): short-lived secrets that stand for an ACL token, made
 * by `PUT /v1/acl/token/onetime` for the caller's own token (10 minutes) and traded once for the
 * token by `PUT /v1/acl/token/onetime/exchange`. They live in the region's replicated state, local
 * to the region; an exchange deletes every one-time token of that ACL token, and the leader's
 * garbage collection deletes the expired ones.
 */

/** A stored one-time token (`structs.OneTimeToken`); `ExpiresAt` in virtual ms. */
export interface OneTimeToken {
  readonly OneTimeSecretID: string;
  readonly AccessorID: string;
  readonly ExpiresAt: number;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

export type OneTimeTokenCommand =
  | { type: 'ott.upsert'; token: OneTimeToken }
  /** Deletes the one-time tokens of these ACL tokens (an exchange). */
  | { type: 'ott.delete-by-accessor'; accessorIds: string[] }
  /** Deletes these one-time tokens (the expiry GC). */
  | { type: 'ott.delete-by-secret'; secretIds: string[] };

export interface OneTimeTokenImage {
  format: 'ott/1';
  tokens: OneTimeToken[];
}

export class OneTimeTokenTable {
  private bySecret = new Map<string, OneTimeToken>();

  apply(index: number, command: OneTimeTokenCommand): { index: number } {
    switch (command.type) {
      case 'ott.upsert':
        this.bySecret.set(command.token.OneTimeSecretID, {
          ...command.token,
          CreateIndex: index,
          ModifyIndex: index,
        });
        break;
      case 'ott.delete-by-accessor': {
        const accessors = new Set(command.accessorIds);
        for (const [secret, token] of this.bySecret)
          if (accessors.has(token.AccessorID)) this.bySecret.delete(secret);
        break;
      }
      case 'ott.delete-by-secret':
        for (const secret of command.secretIds) this.bySecret.delete(secret);
        break;
    }
    return { index };
  }

  /** The one-time token of `secret`, or null. */
  get(secret: string): OneTimeToken | null {
    return this.bySecret.get(secret) ?? null;
  }

  /** Secrets of the tokens that expired before `now`, in secret order. */
  expired(now: number): string[] {
    return [...this.bySecret.values()]
      .filter((t) => t.ExpiresAt < now)
      .map((t) => t.OneTimeSecretID)
      .sort();
  }

  get size(): number {
    return this.bySecret.size;
  }

  snapshot(): OneTimeTokenImage {
    return {
      format: 'ott/1',
      tokens: [...this.bySecret.values()].sort((a, b) =>
        a.OneTimeSecretID < b.OneTimeSecretID ? -1 : 1,
      ),
    };
  }

  restore(image: OneTimeTokenImage | undefined): void {
    if (image === undefined) {
      this.bySecret = new Map();
      return;
    }
    if (image.format !== 'ott/1') throw new Error('not a one-time token image (format ott/1)');
    this.bySecret = new Map(image.tokens.map((t) => [t.OneTimeSecretID, t]));
  }
}
