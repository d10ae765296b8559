import { svg, render } from '../dom.js';
import { formatPrice } from '../format.js';
import { frame, linear } from './scale.js';

/**
 * Active liquidity per price range, as bars around the current price. Liquidity values are
 * integer strings beyond 2^53; bar heights only need their ratios, so they are scaled by the
 * largest with BigInt first and become small floats only then.
 */
export function drawLiquidity(element, distribution, currentPrice) {
  const box = frame(element, element.clientHeight || 220, { top: 10, right: 8, bottom: 22, left: 8 });
  element.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
  const ranges = distribution.filter((r) => Number.isFinite(r.priceLower) && Number.isFinite(r.priceUpper));
  if (!ranges.length) {
    render(element, svg('text', { x: box.width / 2, y: box.height / 2, 'text-anchor': 'middle' }, 'No liquidity in range'));
    element.dataset.bars = '0';
    return;
  }
  // Show the ranges nearest the price: the full tick range spans prices no chart can show.
  const sorted = [...ranges].sort((a, b) => a.priceLower - b.priceLower);
  let center = sorted.findIndex((r) => currentPrice >= r.priceLower && currentPrice < r.priceUpper);
  if (center < 0) center = sorted.findIndex((r) => r.priceLower > currentPrice);
  if (center < 0) center = sorted.length - 1;
  const shown = sorted.slice(Math.max(0, center - 30), center + 31);
  const maxLiquidity = shown.reduce((max, r) => (BigInt(r.liquidity) > max ? BigInt(r.liquidity) : max), 0n) || 1n;
  const ratio = (value) => Number((BigInt(value) * 10_000n) / maxLiquidity) / 10_000;
  const slot = box.innerWidth / shown.length;
  const y = linear(0, 1, box.margin.top + box.innerHeight, box.margin.top);
  const bars = shown.map((range, index) => {
    const active = currentPrice >= range.priceLower && currentPrice < range.priceUpper;
    const top = y(ratio(range.liquidity));
    return svg('rect', {
      class: `bar${active ? ' active' : ''}`, x: box.margin.left + slot * index + 0.5, y: top,
      width: Math.max(1, slot - 1), height: Math.max(0, y(0) - top),
    }, svg('title', {}, `${formatPrice(range.priceLower)} – ${formatPrice(range.priceUpper)}`));
  });
  const first = shown[0];
  const last = shown[shown.length - 1];
  const labels = [
    svg('text', { x: box.margin.left, y: box.height - 6 }, formatPrice(first.priceLower)),
    svg('text', { x: box.width - box.margin.right, y: box.height - 6, 'text-anchor': 'end' }, formatPrice(last.priceUpper)),
    svg('text', { x: box.width / 2, y: box.height - 6, 'text-anchor': 'middle' }, `price ${formatPrice(currentPrice)}`),
  ];
  render(element, bars, labels);
  element.dataset.bars = String(shown.length);
}
