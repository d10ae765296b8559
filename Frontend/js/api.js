// The backend's REST API. Errors become ApiError with a message meant for people.

export class ApiError extends Error {
  constructor(code, message, status, details = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

const QUOTE_WORDS = {
  NO_ROUTE: 'No route between these tokens: no pools connect them.',
  INSUFFICIENT_LIQUIDITY: 'Not enough liquidity for this amount. Try a smaller one.',
  AMOUNT_TOO_SMALL: 'This amount is too small to buy anything. Try a larger one.',
  INVALID_AMOUNT: 'That amount is not valid for this token.',
  INVALID_TOKEN: 'One of the tokens is not known to BaseBook.',
  ROUTER_UNAVAILABLE: 'The router is unavailable right now. Retrying shortly.',
  RATE_LIMITED: 'Too many requests. Slowing down for a moment.',
  NETWORK: 'Cannot reach the BaseBook API. Check your connection.',
};

/** Words for an error, preferring ours for known codes. */
export function describeError(error) {
  if (error instanceof ApiError) return QUOTE_WORDS[error.code] || error.message || 'Something went wrong.';
  return error && error.message ? error.message : 'Something went wrong.';
}

export class Api {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }

  async get(path, params = {}, { signal } = {}) {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new ApiError('NETWORK', QUOTE_WORDS.NETWORK, 0);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const info = (body && body.error) || {};
      throw new ApiError(info.code || `HTTP_${response.status}`, info.message || `The API answered ${response.status}.`, response.status, info.details || {});
    }
    return body;
  }

  tokens(search, limit = 100) { return this.get('/v1/tokens', { search, limit }); }
  token(address) { return this.get(`/v1/tokens/${address}`); }
  pools(params) { return this.get('/v1/pools', params); }
  pool(address) { return this.get(`/v1/pools/${address}`); }
  ticks(address) { return this.get(`/v1/pools/${address}/ticks`); }
  swaps(address, limit = 25) { return this.get(`/v1/pools/${address}/swaps`, { limit }); }
  candles(address, interval, from, to) { return this.get(`/v1/pools/${address}/candles`, { interval, from, to }); }
  stats() { return this.get('/v1/stats'); }
  history(days = 30) { return this.get('/v1/stats/history', { days }); }
  quote(params, options) { return this.get('/v1/quote', params, options); }
}
