import { svg, render } from '../dom.js';
import { formatPrice } from '../format.js';
import { frame, linear, niceTicks } from './scale.js';

/** A candlestick chart of `candles` ({time, open, high, low, close}) into the <svg> `element`. */
export function drawCandles(element, candles, { interval = '1h' } = {}) {
  const box = frame(element, element.clientHeight || 300);
  element.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);
  if (!candles.length) {
    render(element, svg('text', { x: box.width / 2, y: box.height / 2, 'text-anchor': 'middle' }, 'No trades in this period yet'));
    element.dataset.candles = '0';
    return;
  }
  const low = Math.min(...candles.map((c) => c.low));
  const high = Math.max(...candles.map((c) => c.high));
  const pad = (high - low) * 0.05 || Math.abs(high) * 0.01 || 1;
  const y = linear(low - pad, high + pad, box.margin.top + box.innerHeight, box.margin.top);
  const slot = box.innerWidth / candles.length;
  const bodyWidth = Math.max(1, Math.min(14, slot * 0.7));
  const x = (index) => box.margin.left + slot * index + slot / 2;

  const grid = niceTicks(low - pad, high + pad, 4).map((value) => [
    svg('line', { class: 'grid-line', x1: box.margin.left, x2: box.margin.left + box.innerWidth, y1: y(value), y2: y(value) }),
    svg('text', { x: box.width - box.margin.right + 4, y: y(value) + 4 }, formatPrice(value)),
  ]);
  const labelEvery = Math.max(1, Math.ceil(candles.length / 6));
  const timeLabels = candles.map((candle, index) => index % labelEvery ? null
    : svg('text', { x: x(index), y: box.height - 6, 'text-anchor': 'middle' }, timeLabel(candle.time, interval)));
  const bodies = candles.map((candle, index) => {
    const up = candle.close >= candle.open;
    const top = y(Math.max(candle.open, candle.close));
    const bottom = y(Math.min(candle.open, candle.close));
    return svg('g', { class: `candle ${up ? 'up' : 'down'}`, 'data-time': candle.time },
      svg('title', {}, `${timeLabel(candle.time, interval)} O ${formatPrice(candle.open)} H ${formatPrice(candle.high)} L ${formatPrice(candle.low)} C ${formatPrice(candle.close)}`),
      svg('line', { x1: x(index), x2: x(index), y1: y(candle.high), y2: y(candle.low) }),
      svg('rect', { x: x(index) - bodyWidth / 2, y: top, width: bodyWidth, height: Math.max(1, bottom - top) }));
  });
  render(element, grid, timeLabels, bodies);
  element.dataset.candles = String(candles.length);
}

function timeLabel(unixSeconds, interval) {
  const date = new Date(unixSeconds * 1000);
  if (interval === '1d') return date.toISOString().slice(5, 10);
  return date.toISOString().slice(11, 16);
}
