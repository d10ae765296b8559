// Numbers for people. Token amounts arrive as integer strings in the token's smallest unit
// (they exceed 2^53), so they are scaled with BigInt and never pass through a float.

const groupDigits = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "1234567890000000000", 18 → "1.23456789" (trimmed to `maxSignificant` significant fraction digits). */
export function formatUnits(raw, decimals, { maxFraction = 6, maxSignificant = 6 } = {}) {
  if (raw === null || raw === undefined || raw === '') return '—';
  let value = BigInt(raw);
  const negative = value < 0n;
  if (negative) value = -value;
  const base = 10n ** BigInt(decimals);
  const whole = value / base;
  let fraction = (value % base).toString().padStart(decimals, '0');
  // Small amounts keep enough digits to show something other than zero.
  let keep = maxFraction;
  if (whole === 0n && decimals > 0) {
    const firstNonZero = fraction.search(/[1-9]/);
    if (firstNonZero >= 0) keep = Math.max(keep, Math.min(decimals, firstNonZero + maxSignificant));
  } else if (whole >= 1000n) {
    keep = Math.min(keep, 2);
  }
  fraction = fraction.slice(0, keep).replace(/0+$/, '');
  const text = groupDigits(whole.toString()) + (fraction ? '.' + fraction : '');
  return (negative ? '-' : '') + text;
}

/** The same value as a plain decimal string without grouping, for input fields. */
export function unitsToInput(raw, decimals) {
  const value = BigInt(raw);
  const base = 10n ** BigInt(decimals);
  const whole = value / base;
  const fraction = (value % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return whole.toString() + (fraction ? '.' + fraction : '');
}

/** "1.5", 6 → "1500000". Throws an Error whose message is meant for the user. */
export function parseUnits(text, decimals) {
  const cleaned = String(text).trim().replace(/,/g, '');
  if (cleaned === '') throw new Error('Enter an amount');
  if (!/^\d*\.?\d*$/.test(cleaned) || cleaned === '.') throw new Error('Amounts are numbers like 1.25');
  const [whole = '', fraction = ''] = cleaned.split('.');
  if (fraction.length > decimals) throw new Error(`This token has only ${decimals} decimals`);
  const raw = BigInt((whole || '0') + fraction.padEnd(decimals, '0'));
  if (raw === 0n) throw new Error('Enter an amount above zero');
  return raw.toString();
}

const usdFull = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const usdSmall = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
const usdCompact = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });

export function formatUSD(value, { compact = false } = {}) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (compact && Math.abs(value) >= 100_000) return usdCompact.format(value);
  if (value !== 0 && Math.abs(value) < 0.01) return usdSmall.format(value);
  return usdFull.format(value);
}

export function formatNumber(value, maxFraction = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: maxFraction });
}

/** Prices span many magnitudes (1 SHIB in ETH, 1 ETH in USDC): keep six significant digits. */
export function formatPrice(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-12) return value.toExponential(4);
  if (magnitude >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return value.toLocaleString('en-US', { maximumSignificantDigits: 6 });
}

export function formatPercent(value, digits = 2) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value.toFixed(digits)}%`;
}

/** Pool fee in hundredths of a basis point: 3000 → "0.3%", 500 → "0.05%". */
export function formatFee(fee) {
  return `${+(fee / 10_000).toFixed(4)}%`;
}

export function shortAddress(address) {
  return address ? `${address.slice(0, 6)}…${address.slice(-4)}` : '';
}

export function formatTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleTimeString('en-US', { hour12: false });
}

export function formatDate(unixSeconds) {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

export function timeAgo(unixSeconds, now = Date.now() / 1000) {
  const seconds = Math.max(0, Math.round(now - unixSeconds));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

export function absString(raw) {
  return raw.startsWith('-') ? raw.slice(1) : raw;
}
