// Token metadata by address, filled from /v1/tokens and from every payload that carries
// tokens, so route hops (which name tokens by address only) can show symbols.

export const WETH = '0x4200000000000000000000000000000000000006';
export const USDC = '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913';

export class TokenBook {
  constructor(api) {
    this.api = api;
    this.byAddress = new Map();
    this.loaded = null;
  }

  remember(token) {
    if (!token || !token.address) return token;
    const key = token.address.toLowerCase();
    const known = this.byAddress.get(key);
    const merged = known ? { ...known, ...token } : token;
    this.byAddress.set(key, merged);
    return merged;
  }

  get(address) {
    return address ? this.byAddress.get(address.toLowerCase()) : undefined;
  }

  symbol(address) {
    const token = this.get(address);
    return token ? token.symbol : `${address.slice(0, 6)}…`;
  }

  /** The token list, loaded once (best effort: the app works without it). */
  load() {
    if (!this.loaded) {
      this.loaded = this.api.tokens(undefined, 100)
        .then((page) => { for (const token of page.data || []) this.remember(token); return this.list(); })
        .catch(() => this.list());
    }
    return this.loaded;
  }

  list() {
    return [...this.byAddress.values()].sort((a, b) => (b.tvlUsd || 0) - (a.tvlUsd || 0));
  }

  async search(text) {
    const query = text.trim().toLowerCase();
    const local = this.list().filter((token) =>
      !query || token.symbol.toLowerCase().includes(query) || (token.name || '').toLowerCase().includes(query) || token.address.toLowerCase() === query);
    if (!query || local.length >= 5) return local;
    try {
      const page = await this.api.tokens(text.trim(), 20);
      for (const token of page.data || []) this.remember(token);
      const seen = new Set(local.map((token) => token.address.toLowerCase()));
      return local.concat((page.data || []).filter((token) => !seen.has(token.address.toLowerCase())));
    } catch {
      return local;
    }
  }

  async resolve(address) {
    const known = this.get(address);
    if (known && known.decimals !== undefined) return known;
    return this.remember(await this.api.token(address));
  }
}
